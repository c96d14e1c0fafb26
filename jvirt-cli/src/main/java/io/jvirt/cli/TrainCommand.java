package io.jvirt.cli;

import io.jvirt.cli.support.Verb;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jvirt train --connect SOCKET} and {@code jvirt train --img} (hidden): run a scripted
 * session of common commands, the daemon's clients or the image tool, so that the build can
 * record an AOT cache of the classes each family loads. Each family gets a cache of its own:
 * a JVM loads every class of its cache at start, so a lean cache starts faster. Nothing a
 * session does outlives the scratch daemon's state directory and a temporary directory.
 */
public final class TrainCommand extends Verb {
    private final Value<Path> socket = option("-c, --connect", "SOCKET", Path.class, "Scratch daemon to train against.");
    private final Flag img = flag("--img", "Train the image tool instead of the daemon's clients.");

    public TrainCommand() {
        super("train", "Exercise common commands to train the AOT caches.");
        hide();
    }

    @Override
    public Integer call() throws Exception {
        if (!img.get() && socket.get() == null) {
            throw new CommandLine.ParameterException(spec().commandLine(), "Name the scratch daemon with --connect or train --img.");
        }
        Path dir = Files.createTempDirectory("jvirt-train");
        Path xml = dir.resolve("train.xml");
        Files.writeString(xml, """
                <domain type='qemu'>
                  <name>train</name>
                  <memory unit='MiB'>64</memory>
                  <vcpu>1</vcpu>
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                  <devices><serial type='pty'><target port='0'/></serial></devices>
                </domain>
                """);
        Path netXml = dir.resolve("train-net.xml");
        Files.writeString(netXml, "<network><name>train-net</name><forward mode='nat'/>"
                + "<ip address='10.254.254.1' prefix='24'><dhcp><range start='10.254.254.2' end='10.254.254.9'/>"
                + "</dhcp></ip></network>");
        String s = img.get() ? "" : socket.get().toString();
        String[][] client = {
                {"--help"}, {"list", "--help"},
                {"define", "-c", s, xml.toString()},
                {"list", "-c", s, "--all"}, {"list", "-c", s, "--all", "--name"},                 {"dominfo", "-c", s, "train"}, {"domstate", "-c", s, "--reason", "train"},
                {"dumpxml", "-c", s, "train"}, {"domid", "-c", s, "train"}, {"domuuid", "-c", s, "train"},
                {"autostart", "-c", s, "train"}, {"autostart", "-c", s, "--disable", "train"},
                {"dominfo", "-c", s, "no-such-domain"}, {"start", "-c", s, "no-such-domain"},
                {"undefine", "-c", s, "train"}, {"version", "-c", s},
                // networks: queries and definitions only; the training daemon runs in the host's
                // namespace, so nothing here may create a bridge or firewall rule
                {"net-list", "-c", s, "--all"}, {"net-info", "-c", s, "default"},
                {"net-dumpxml", "-c", s, "default"}, {"net-define", "-c", s, netXml.toString()},
                {"net-autostart", "-c", s, "--disable", "train-net"}, {"net-info", "-c", s, "train-net"},
                {"net-start", "-c", s, "no-such-network"}, {"net-undefine", "-c", s, "train-net"},
                {"domiflist", "-c", s, "no-such-domain"},
                {"pool-list", "-c", s, "--all"}, {"pool-list", "-c", s, "--details"}, {"pool-info", "-c", s, "default"},
                {"pool-refresh", "-c", s, "default"}, {"pool-dumpxml", "-c", s, "default"},
                {"vol-create-as", "-c", s, "default", "jvirt-train.qcow2", "1G", "--format", "qcow2"},
                {"vol-create-as", "-c", s, "default", "jvirt-train.img", "1M"},
                {"vol-list", "-c", s, "default"}, {"vol-list", "-c", s, "default", "--details"},
                {"vol-info", "-c", s, "--pool", "default", "jvirt-train.qcow2"},
                {"vol-dumpxml", "-c", s, "--pool", "default", "jvirt-train.qcow2"},
                {"vol-path", "-c", s, "--pool", "default", "jvirt-train.img"},
                {"vol-download", "-c", s, "--pool", "default", "jvirt-train.img", dir.resolve("down.img").toString()},
                {"vol-upload", "-c", s, "--pool", "default", "jvirt-train.img", dir.resolve("down.img").toString()},
                {"vol-clone", "-c", s, "--pool", "default", "jvirt-train.img", "jvirt-train2.img"},
                {"vol-resize", "-c", s, "--pool", "default", "jvirt-train2.img", "2M"},
                {"vol-wipe", "-c", s, "--pool", "default", "jvirt-train2.img"},
                {"vol-delete", "-c", s, "--pool", "default", "jvirt-train2.img"},
                {"vol-delete", "-c", s, "--pool", "default", "jvirt-train.img"},
                {"vol-delete", "-c", s, "--pool", "default", "jvirt-train.qcow2"},
                {"vol-info", "-c", s, "--pool", "default", "no-such-volume"},
        };
        String[][] images = {
                {"img", "--help"},
                {"img", "create", "-f", "qcow2", dir.resolve("t.qcow2").toString(), "64M"},
                {"img", "create", "-f", "raw", dir.resolve("t.raw").toString(), "64M"},
                {"img", "info", dir.resolve("t.qcow2").toString()},
                {"img", "info", "--output=json", dir.resolve("t.qcow2").toString()},
                {"img", "check", dir.resolve("t.qcow2").toString()},
                {"img", "convert", "-O", "qcow2", dir.resolve("t.raw").toString(), dir.resolve("c.qcow2").toString()},
                {"img", "convert", "-O", "raw", dir.resolve("c.qcow2").toString(), dir.resolve("c.raw").toString()},
                {"img", "map", "--output=json", dir.resolve("c.qcow2").toString()},
                {"img", "compare", dir.resolve("t.raw").toString(), dir.resolve("c.qcow2").toString()},
                {"img", "snapshot", "-l", dir.resolve("c.qcow2").toString()},
        };
        StringWriter sink = new StringWriter();
        for (String[] args : img.get() ? images : client) {
            CommandLine cl = Main.commandLine(args);
            cl.setOut(new PrintWriter(sink));
            cl.setErr(new PrintWriter(sink));
            cl.execute(args);
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
        return 0;
    }
}
