// jvirtd's API side of the network benchmark, with no CLI process start-up:
//   net-start / net-destroy latency of a defined network (medians), and, when guests are
//   given, guest-to-guest TCP throughput with busybox nc over the network.
//   java -cp CP bench/NetworkApiBench.java SOCKET NETWORK RUNS [SENDER RECEIVER RECEIVER_IP MIB]
import io.jvirt.client.ConsoleConnection;
import io.jvirt.client.JvirtClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class NetworkApiBench {
    public static void main(String[] a) throws Exception {
        Path sock = Path.of(a[0]);
        String net = a[1];
        int runs = Integer.parseInt(a[2]);
        try (JvirtClient c = JvirtClient.connect(sock)) {
            if (runs > 0) {
                double[] start = new double[runs];
                double[] destroy = new double[runs];
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    c.networkAction(net, "start");
                    start[i] = (System.nanoTime() - t0) / 1e6;
                    long t1 = System.nanoTime();
                    c.networkAction(net, "destroy");
                    destroy[i] = (System.nanoTime() - t1) / 1e6;
                }
                System.out.printf("jvirt_api_net_start: %.1f ms%n", median(start));
                System.out.printf("jvirt_api_net_destroy: %.1f ms%n", median(destroy));
            }
            if (a.length > 3) {
                throughput(c, a[3], a[4], a[5], Integer.parseInt(a[6]));
            }
        }
    }

    /** busybox nc from one guest to another, timed inside the sender; prints Mbit/s. */
    static void throughput(JvirtClient c, String sender, String receiver, String receiverIp, int mib) throws Exception {
        try (Shell rx = new Shell(c.openConsole(receiver, false));
             Shell tx = new Shell(c.openConsole(sender, false))) {
            rx.send("nc -l -p 5001 | wc -c > /tmp/received &");
            rx.run("sleep 0.5");
            // busybox date has no %N: time with /proc/uptime, in hundredths of a second
            tx.run("cs() { read u rest < /proc/uptime; echo ${u%.*}${u#*.}; }");
            String out = tx.run("s=$(cs); dd if=/dev/zero bs=65536 count=" + (mib * 16)
                    + " 2>/dev/null | nc -w 5 " + receiverIp + " 5001; e=$(cs); echo ELAPSED=$(( (e - s) * 10 ))");
            // the console echoes the command too: take the last ELAPSED=digits, the answer
            Matcher m = Pattern.compile("ELAPSED=(\\d+)").matcher(out);
            String elapsed = null;
            while (m.find()) {
                elapsed = m.group(1);
            }
            if (elapsed == null) {
                throw new IllegalStateException("no timing from the sender: " + out);
            }
            long ms = Long.parseLong(elapsed);
            rx.run("sleep 1");
            String got = rx.run("echo RECEIVED=$(cat /tmp/received)");
            Matcher n = Pattern.compile("RECEIVED=(\\d+)").matcher(got);
            long want = mib * 1048576L;
            String count = n.find() ? n.group(1) : null;
            if (count == null || Long.parseLong(count) != want) {
                // a refused or broken connection ends at once and would read as a huge rate
                System.out.printf("jvirt_guest_to_guest_tcp_%dMiB: failed (the receiver counted %s of %d bytes)%n",
                        mib, count == null ? "none" : count, want);
                System.err.println("sender said: " + out.replaceAll("\\p{Cntrl}", " ") + "\nreceiver said: "
                        + got.replaceAll("\\p{Cntrl}", " "));
                return;
            }
            System.out.printf("jvirt_guest_to_guest_tcp_%dMiB: %.0f Mbit/s (%d ms, TCG guests)%n", mib,
                    mib * 8.0 * 1.048576 * 1000 / ms, ms);
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(s.length - 1) / 2];
    }

    /** A guest's serial console (a console session of the daemon): run a command and wait for its end marker. */
    static final class Shell implements AutoCloseable {
        private final ConsoleConnection ch;
        private final StringBuilder seen = new StringBuilder();
        private int seq;

        Shell(ConsoleConnection console) {
            ch = console;
        }

        void send(String line) throws Exception {
            byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
            ch.send(b, 0, b.length);
        }

        String run(String cmd) throws Exception {
            int id = ++seq;
            send(cmd + "; echo \"DONE-$((" + id + "))\"");
            String mark = "DONE-" + id;
            int from = seen.length();
            byte[] b = new byte[4096];
            while (seen.indexOf(mark, from) < 0) {
                int n = ch.read(b, 0, b.length);
                if (n < 0) {
                    throw new IllegalStateException("console closed: " + ch.end());
                }
                seen.append(new String(b, 0, n, StandardCharsets.UTF_8));
            }
            return seen.substring(from, seen.indexOf(mark, from));
        }

        @Override
        public void close() {
            ch.close();
        }
    }
}
