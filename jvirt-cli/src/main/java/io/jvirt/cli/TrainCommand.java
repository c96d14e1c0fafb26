package io.jvirt.cli;

import io.jvirt.cli.support.Verb;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jvirt train --family F [--connect SOCKET]} (hidden): runs a scripted session of one
 * command family's common commands so that the build can record an AOT cache of the classes
 * that family loads. Each family gets a cache of its own, and the launcher picks it by verb: a
 * JVM loads every class of its cache at start, so a lean cache starts faster (a cache trained
 * on every verb costs each call ~10 ms more than one trained on its family). The families are
 * {@code domain} (domain verbs, help and everything else), {@code network} ({@code net-*}),
 * {@code storage} ({@code pool-*}, {@code vol-*}) and {@code img}. Nothing a session does
 * outlives the scratch daemon's state directory and a temporary directory.
 */
public final class TrainCommand extends Verb {
    /** The command families, each with a cache of its own; the launcher maps verbs to them. */
    public static final java.util.List<String> FAMILIES = java.util.List.of("domain", "network", "storage", "img");

    private final Value<Path> socket = option("-c, --connect", "SOCKET", Path.class, "Scratch daemon to train against.");
    private final Value<String> family = option("--family", "FAMILY", String.class,
            "Family to train: domain, network, storage or img.");

    public TrainCommand() {
        super("train", "Exercise common commands to train the AOT caches.");
        hide();
    }

    @Override
    public Integer call() throws Exception {
        String f = family.get();
        if (f == null || !FAMILIES.contains(f)) {
            throw new CommandLine.ParameterException(spec().commandLine(),
                    "Name the family to train with --family (one of " + String.join(", ", FAMILIES) + ").");
        }
        if (!f.equals("img") && socket.get() == null) {
            throw new CommandLine.ParameterException(spec().commandLine(), "Name the scratch daemon with --connect.");
        }
        Path dir = Files.createTempDirectory("jvirt-train");
        try {
            run(session(f, socket.get() == null ? "" : socket.get().toString(), dir));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
        return 0;
    }

    /** Runs each command line through {@link Main}'s parsing, output discarded. */
    private static void run(String[][] session) {
        StringWriter sink = new StringWriter();
        for (String[] args : session) {
            String[] normalized = Main.hoistConnect(args);
            CommandLine cl = Main.commandLine(normalized);
            cl.setOut(new PrintWriter(sink));
            cl.setErr(new PrintWriter(sink));
            cl.execute(normalized);
        }
    }

    /** The commands of family {@code f}, against the daemon on socket {@code s}, with files in {@code dir}. */
    private static String[][] session(String f, String s, Path dir) throws java.io.IOException {
        return switch (f) {
            case "domain" -> domain(s, dir);
            case "network" -> network(s, dir);
            case "storage" -> storage(s, dir);
            default -> images(dir);
        };
    }

    private static String[][] domain(String s, Path dir) throws java.io.IOException {
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
        Path disk = Files.createFile(dir.resolve("train-disk.raw"));
        return new String[][]{
                {"--help"}, {"list", "--help"},
                {"define", "-c", s, xml.toString()},
                {"list", "-c", s, "--all"}, {"list", "-c", s, "--all", "--name"},
                {"dominfo", "-c", s, "train"}, {"domstate", "-c", s, "--reason", "train"},
                {"dumpxml", "-c", s, "train"}, {"domid", "-c", s, "train"}, {"domuuid", "-c", s, "train"},
                {"autostart", "-c", s, "train"}, {"autostart", "-c", s, "--disable", "train"},
                {"dominfo", "-c", s, "no-such-domain"}, {"start", "-c", s, "no-such-domain"},
                // a real run where QEMU is installed (a BIOS with nothing to boot), with -c before the verb
                {"-c", s, "start", "train"}, {"-c", s, "suspend", "train"}, {"-c", s, "resume", "train"},
                {"-c", s, "domstate", "train"}, {"-c", s, "destroy", "train"},
                {"domiflist", "-c", s, "no-such-domain"},
                // the live-change verbs, on the persistent definition (a live detach would wait for a guest)
                {"attach-disk", "-c", s, "train", disk.toString(), "vdb", "--subdriver", "raw", "--print-xml"},
                {"attach-disk", "-c", s, "train", disk.toString(), "vdb", "--subdriver", "raw", "--config"},
                {"detach-disk", "-c", s, "train", "vdb", "--config"},
                {"attach-interface", "-c", s, "train", "user", "none", "--model", "virtio", "--config"},
                {"detach-interface", "-c", s, "train", "user", "--config"},
                {"setmem", "-c", s, "train", "32M", "--config"}, {"vcpucount", "-c", s, "train"},
                {"setvcpus", "-c", s, "train", "1", "--config"}, {"detach-disk", "-c", s, "train", "vdz"},
                {"domstats", "-c", s}, {"domstats", "-c", s, "--state", "train"}, {"domblklist", "-c", s, "train"},
                {"nodeinfo", "-c", s},
                // jvirt clone's planning (the original's XML, names, MACs, paths), without copying
                {"clone", "-c", s, "--original", "train", "--auto-clone", "--print-xml"},
                {"undefine", "-c", s, "train"}, {"version", "-c", s},
                // jvirt install's planning (the osinfo database, virt-install's defaults, the XML)
                {"install", "-c", s, "--name", "train-inst", "--memory", "64", "--osinfo", "linux2020", "--import",
                        "--disk", disk.toString(), "--network", "none", "--graphics", "none", "--print-xml"},
        };
    }

    private static String[][] network(String s, Path dir) throws java.io.IOException {
        Path netXml = dir.resolve("train-net.xml");
        Files.writeString(netXml, "<network><name>train-net</name><forward mode='nat'/>"
                + "<ip address='10.254.254.1' prefix='24'><dhcp><range start='10.254.254.2' end='10.254.254.9'/>"
                + "</dhcp></ip></network>");
        // queries and definitions only: the training daemon runs in the host's network
        // namespace, so nothing here may create a bridge or firewall rule
        return new String[][]{
                {"net-list", "--help"},
                {"net-list", "-c", s, "--all"}, {"net-info", "-c", s, "default"},
                {"net-dumpxml", "-c", s, "default"}, {"net-define", "-c", s, netXml.toString()},
                {"net-autostart", "-c", s, "--disable", "train-net"}, {"net-info", "-c", s, "train-net"},
                {"net-start", "-c", s, "no-such-network"}, {"-c", s, "net-destroy", "no-such-network"},
                {"net-dhcp-leases", "-c", s, "train-net"},
                {"net-undefine", "-c", s, "train-net"},
        };
    }

    private static String[][] storage(String s, Path dir) {
        return new String[][]{
                {"pool-list", "--help"},
                {"pool-list", "-c", s, "--all"}, {"pool-list", "-c", s, "--details"}, {"pool-info", "-c", s, "default"},
                {"pool-refresh", "-c", s, "default"}, {"-c", s, "pool-refresh", "default"},
                {"pool-dumpxml", "-c", s, "default"},
                {"vol-create-as", "-c", s, "default", "jvirt-train.qcow2", "1G", "--format", "qcow2"},
                {"-c", s, "vol-create-as", "default", "jvirt-train.img", "1M"},
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
    }

    private static String[][] images(Path dir) {
        return new String[][]{
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
    }
}
