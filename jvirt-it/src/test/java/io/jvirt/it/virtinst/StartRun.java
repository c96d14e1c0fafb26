package io.jvirt.it.virtinst;

import io.jvirt.api.DomainState;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClient.NvramPolicy;
import io.jvirt.client.JvirtClientException;
import io.jvirt.it.DaemonProcess;
import io.jvirt.it.virtinst.VirtInstSet.Doc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One document of the virt-install set through a real jvirtd: its inputs made, define, the stored
 * definition redefined unchanged (the round trip through {@code dumpxml --inactive}), start, the
 * guest's report read from the serial console, the live definition checked against it, destroy and
 * undefine. What happened is kept in the case's directory: the document as defined, the live XML
 * and the console.
 */
final class StartRun {

    /** How long a guest may take from start to the end of its report, unless {@code jvirt.virtinst.bootTimeout} says. */
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(Long.getLong("jvirt.virtinst.bootTimeout", 150));
    /** What Linux prints when a vCPU stops making progress (a hang of the guest's kernel, not of the definition). */
    private static final Pattern HUNG = Pattern.compile("BUG: soft lockup|rcu_\\w+ self-detected stall");

    /**
     * What one document did.
     *
     * @param problems what went wrong, empty when the document started and the guest saw its devices
     * @param notes differences from libvirt's PCI layout
     * @param timing the measured times, for the run's summary
     * @param dir the case's directory
     */
    record Outcome(List<String> problems, List<String> notes, String timing, Path dir) {
    }

    private final DaemonProcess daemon;
    private final GuestBoot.Kernel kernel;
    private final Path dir;

    StartRun(DaemonProcess daemon, GuestBoot.Kernel kernel, Path dir) {
        this.daemon = daemon;
        this.kernel = kernel;
        this.dir = dir;
    }

    /** Defines, starts and checks the document; {@code libvirt} is libvirt's form of it, or null. */
    Outcome boot(Doc doc, Doc libvirt) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long t0 = System.nanoTime();
        String timing = "not started";
        try (JvirtClient c = daemon.client()) {
            CaseInputs in = CaseInputs.prepare(doc.read(), Files.createDirectories(dir));
            String xml = GuestBoot.apply(in.xml(), kernel);
            Files.writeString(dir.resolve("defined.xml"), xml);
            String name;
            try {
                name = c.define(xml).name();
            } catch (JvirtClientException e) {
                problems.add("define refused the document: " + e.getMessage());
                return new Outcome(problems, notes, timing, dir);
            }
            try {
                String stored = c.xml(name, true);
                c.define(stored);
                String again = c.xml(name, true);
                if (!again.equals(stored)) {
                    Files.writeString(dir.resolve("stored.xml"), stored);
                    Files.writeString(dir.resolve("stored-again.xml"), again);
                    problems.add("redefining dumpxml --inactive changed the definition (stored.xml, stored-again.xml)");
                }
                long t1 = System.nanoTime();
                try {
                    c.action(name, "start", Map.of());
                } catch (JvirtClientException e) {
                    problems.add("start failed: " + e.getMessage());
                    return new Outcome(problems, notes, String.format("define %.1f, start refused", secs(t0, t1)), dir);
                }
                long t2 = System.nanoTime();
                String console = awaitReport(c, name, problems, true);
                if (GuestReport.parse(console) == null && HUNG.matcher(console).find()) {
                    // a guest kernel that locks up under TCG with several vCPUs on a busy host says
                    // nothing of the definition: one more boot, and the note says so
                    notes.add("the first boot hung in the guest's kernel (soft lockup or RCU stall under TCG); "
                            + "booted once more");
                    problems.removeIf(p -> p.startsWith("the guest's kernel locked up"));
                    c.action(name, "destroy", Map.of());
                    c.action(name, "start", Map.of());
                    console = awaitReport(c, name, problems, false);
                }
                long t3 = System.nanoTime();
                timing = String.format("define %.1f, start %.1f, boot to report %.1f", secs(t0, t1), secs(t1, t2),
                        secs(t2, t3));
                GuestReport report = GuestReport.parse(console);
                if (report != null) {
                    String live = c.xml(name, false);
                    Files.writeString(dir.resolve("live.xml"), live);
                    DeviceCheck.Result r = DeviceCheck.check(xml, live, libvirt == null ? null : libvirt.read(), report,
                            in.sizes());
                    problems.addAll(r.problems());
                    notes.addAll(r.notes());
                }
            } finally {
                stop(c, name);
            }
        } catch (Exception | AssertionError e) {
            problems.add("the run failed: " + e);
        }
        return new Outcome(problems, notes, timing, dir);
    }

    /**
     * Reads the console until the guest's report is complete, the guest stops or the time is up
     * (or, with {@code stopOnHang}, the guest's kernel reports a lockup).
     */
    private String awaitReport(JvirtClient c, String name, List<String> problems, boolean stopOnHang)
            throws Exception {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        StringBuilder log = new StringBuilder();
        long off = 0;
        try {
            while (true) {
                byte[] b = c.consoleLog(name, off);
                off += b.length;
                log.append(new String(b, StandardCharsets.UTF_8));
                if (GuestReport.parse(log.toString()) != null) {
                    return log.toString();
                }
                if (stopOnHang && HUNG.matcher(log).find()) {
                    problems.add("the guest's kernel locked up; see console.log");
                    return log.toString();
                }
                if (c.info(name).state() != DomainState.RUNNING) {
                    problems.add("the guest stopped before its report (" + c.info(name).state() + "); see console.log");
                    return log.toString();
                }
                if (System.nanoTime() > deadline) {
                    problems.add("the guest's report did not come within " + BOOT_TIMEOUT.toSeconds()
                            + " s; see console.log");
                    return log.toString();
                }
                Thread.sleep(200);
            }
        } finally {
            Files.writeString(dir.resolve("console.log"), log);
        }
    }

    private static void stop(JvirtClient c, String name) {
        try {
            if (c.info(name).state() == DomainState.RUNNING) {
                c.action(name, "destroy", Map.of());
            }
        } catch (JvirtClientException ignored) {
            // not running
        }
        try {
            c.undefine(name, NvramPolicy.DELETE, false);
        } catch (JvirtClientException ignored) {
            // the daemon log has it; the test fails on the case's own problems
        }
    }

    private static double secs(long from, long to) {
        return (to - from) / 1e9;
    }
}
