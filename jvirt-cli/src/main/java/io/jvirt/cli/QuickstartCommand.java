package io.jvirt.cli;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jvirt quickstart}: installs what is missing (as root), starts a daemon if none
 * runs, builds the busybox demo guest, defines and starts domain {@code demo}, and shows its
 * console until the guest says it is ready. Safe to run again: a running demo is restarted.
 */
public final class QuickstartCommand extends ClientVerb {
    static final String READY = "JVIRT-GUEST-READY";
    /** Host packages jvirt needs: QEMU, and what the guest build uses. */
    static final List<String> PACKAGES = List.of("qemu-system-x86", "qemu-utils", "busybox-static", "cpio", "e2fsprogs");

    private final Value<Integer> timeout = option("--timeout", "SECONDS", Integer.class,
            "Seconds to wait for the guest's ready line.", b -> b.defaultValue("120"));

    public QuickstartCommand() {
        super("quickstart", "Install prerequisites, build the demo guest, and boot domain 'demo'.");
    }

    /** Where the demo/test guest is built and cached. */
    static Path guestDir() {
        return io.jvirt.daemon.DaemonConfig.cacheDir().resolve("guest");
    }

    /** Installs missing packages before connecting (the daemon needs QEMU). */
    static void ensurePackages(java.io.PrintWriter out) throws IOException, InterruptedException {
        List<String> missing = new ArrayList<>();
        for (String p : PACKAGES) {
            Process q = new ProcessBuilder("dpkg-query", "-W", "-f=${Status}", p).redirectErrorStream(true).start();
            String st = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (q.waitFor() != 0 || !st.contains("install ok installed")) {
                missing.add(p);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        if (!io.jvirt.daemon.DaemonConfig.isRoot()) {
            throw new JvirtClientException(ErrorCode.HOST_RESOURCE, "packages " + String.join(", ", missing)
                    + " are missing; install them with: sudo apt-get install " + String.join(" ", missing));
        }
        out.println("Installing " + String.join(" ", missing) + " with apt-get...");
        out.flush();
        run(List.of("apt-get", "update", "-q"));
        List<String> cmd = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        cmd.addAll(missing);
        run(cmd);
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        int rc = pb.start().waitFor();
        if (rc != 0) {
            throw new JvirtClientException(ErrorCode.HOST_RESOURCE, "'" + String.join(" ", cmd)
                    + "' failed with status " + rc + "; see its output above.");
        }
    }

    @Override
    protected void beforeConnect() throws Exception {
        ensurePackages(out());
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        var out = out();
        Path guest = guestDir();
        String home = System.getProperty("jvirt.home", ".");
        out.println("Building the demo guest in " + guest + " (cached after the first time)...");
        out.flush();
        run(List.of("bash", Path.of(home, "scripts", "build-test-guest.sh").toString(), guest.toString()));
        Path xmlFile = guest.resolve("demo.xml");
        Files.writeString(xmlFile, demoXml(guest), StandardCharsets.UTF_8);
        boolean exists = client.listDomains(true).stream().anyMatch(d -> d.name().equals("demo"));
        if (exists && client.info("demo").id() >= 0) {
            out.println("Domain 'demo' is running; restarting it.");
            client.action("demo", "destroy", java.util.Map.of());
        }
        client.define(Files.readString(xmlFile));
        out.println("Domain 'demo' defined from " + xmlFile);
        DomainInfo info = client.action("demo", "start", java.util.Map.of());
        out.println("Domain 'demo' started (accelerator " + info.accel()
                + (info.accelNote() == null ? "" : ": " + info.accelNote()) + ")");
        out.println("---- serial console of 'demo' ----");
        out.flush();
        waitReady(client, out);
        out.println("---- the guest is ready ----");
        out.println();
        out.println("Attach to its console:   ./jvirt console demo      (Ctrl+] detaches)");
        out.println("Power it off (ACPI):      ./jvirt shutdown demo");
        out.println("Stop it at once:          ./jvirt destroy demo");
        out.println("Remove its definition:    ./jvirt undefine demo");
        out.println("More:                     ./jvirt --help");
        out.flush();
        return 0;
    }

    private void waitReady(JvirtClient client, java.io.PrintWriter out) throws InterruptedException {
        int timeout = this.timeout.get();
        long deadline = System.nanoTime() + timeout * 1_000_000_000L;
        long offset = 0;
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            byte[] chunk = client.consoleLog("demo", offset);
            if (chunk.length > 0) {
                offset += chunk.length;
                String s = new String(chunk, StandardCharsets.UTF_8);
                int ready = s.indexOf(READY);
                out.print(ready >= 0 ? s.substring(0, ready + READY.length()) : s);
                out.flush();
                seen.append(s);
                if (ready >= 0 || seen.indexOf(READY) >= 0) {
                    out.println();
                    return;
                }
                if (seen.length() > 8192) {
                    seen.delete(0, seen.length() - 64);
                }
            } else {
                Thread.sleep(50);
            }
        }
        throw new JvirtClientException(ErrorCode.TIMEOUT, "the demo guest did not print its ready line within "
                + timeout + " s; look at its console with './jvirt console demo'.");
    }

    static String demoXml(Path guest) {
        return """
                <domain type='kvm'>
                  <name>demo</name>
                  <title>jvirt demo guest (busybox)</title>
                  <memory unit='MiB'>256</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>console=ttyS0 panic=-1 quiet</cmdline>
                  </os>
                  <features>
                    <acpi/>
                  </features>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>restart</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <serial type='pty'>
                      <target port='0'/>
                    </serial>
                    <console type='pty'>
                      <target type='serial' port='0'/>
                    </console>
                    <memballoon model='virtio'/>
                  </devices>
                </domain>
                """.formatted(guest.resolve("vmlinuz"), guest.resolve("initrd.img"));
    }
}
