package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads each option value of {@code install/subopts/cases.txt} alone into a fresh guest and
 * compares what it made (elements, flags, every problem in order) with
 * {@code install/subopts/expected.txt}, recorded from the option readers before they were
 * rewritten over {@link SubTable}: the readers' behaviour, messages included, must not change.
 * Run with {@code -Djvirt.subopts.record=DIR} to write the expected file anew into DIR.
 */
class SubOptionsCharacterizationTest {
    @Test
    void everyCaseReadsAsRecorded() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line : resource("cases.txt").lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            out.append("== --").append(parts[0]).append(' ').append(parts[1]).append('\n').append(read(parts[0],
                    parts[1]));
        }
        String record = System.getProperty("jvirt.subopts.record");
        if (record != null) {
            Files.writeString(Path.of(record, "expected.txt"), out.toString());
        }
        assertThat(out.toString()).isEqualTo(resource("expected.txt"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(
                SubOptionsCharacterizationTest.class.getResourceAsStream("/install/subopts/" + name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String read(String option, String text) {
        GuestSpec g = new GuestSpec();
        Problems p = new Problems();
        List<String> notes = new ArrayList<>();
        DeviceOptions dev = new DeviceOptions(g, p);
        ExtraDeviceOptions x = new ExtraDeviceOptions(g, p);
        TuningOptions t = new TuningOptions(g, p);
        PassthroughOptions pass = new PassthroughOptions(g, new FakeHost(), p);
        GuestExtrasOptions extras = new GuestExtrasOptions(g, p, notes);
        DiskOptions disks = new DiskOptions(g, new FakeHost(), p);
        NetworkOptions net = new NetworkOptions(g, new FakeHost(), p, new Random(5));
        String result = "";
        switch (option) {
            case "graphics" -> dev.graphics(text);
            case "video" -> dev.video(text);
            case "console", "serial", "parallel" -> dev.chardev(option, text);
            case "channel" -> dev.channel(text);
            case "rng" -> dev.rng(text);
            case "memballoon" -> dev.memballoon(text);
            case "controller" -> dev.controller(text);
            case "input" -> dev.input(text);
            case "sound" -> dev.sound(text);
            case "tpm" -> dev.tpm(text);
            case "watchdog" -> dev.watchdog(text);
            case "panic" -> x.panic(text);
            case "vsock" -> x.vsock(text);
            case "iommu" -> x.iommu(text);
            case "smartcard" -> x.smartcard(text);
            case "redirdev" -> x.redirdev(text);
            case "shmem" -> x.shmem(text);
            case "audio" -> x.audio(text);
            case "pm" -> x.pm(List.of(text));
            case "resource" -> x.resource(List.of(text));
            case "launchSecurity" -> x.launchSecurity(text);
            case "seclabel" -> x.seclabel(text);
            case "iothreads" -> t.iothreads(List.of(text));
            case "cputune" -> t.cputune(List.of(text));
            case "numatune" -> t.numatune(List.of(text));
            case "memtune" -> t.memtune(List.of(text));
            case "blkiotune" -> t.blkiotune(List.of(text));
            case "memdev" -> t.memdev(text);
            case "filesystem" -> pass.filesystem(text);
            case "hostdev" -> pass.hostdev(text);
            case "sysinfo" -> extras.sysinfo(text);
            case "memorybacking" -> extras.memoryBacking(List.of(text));
            case "qemu-commandline" -> extras.qemuCommandline(text);
            case "disk" -> disks.read(text);
            case "network" -> net.network(text);
            case "boot" -> result = "uefi=" + BootOptions.read(g, text, p) + "\n";
            case "memory" -> GeneralOptions.memory(g, text, p);
            case "vcpus" -> GeneralOptions.vcpus(g, text, p);
            case "cpu" -> GeneralOptions.cpu(g, text, p);
            case "metadata" -> GeneralOptions.metadata(g, text, p);
            case "features" -> GeneralOptions.features(g, text, p);
            case "clock" -> GeneralOptions.clock(g, text, p);
            case "events" -> GeneralOptions.events(g, text, p);
            default -> throw new IllegalArgumentException(option);
        }
        extras.finish();
        StringBuilder sb = new StringBuilder(result);
        disks.disks().forEach(d -> sb.append("disk\n").append(DiskOptions.xml(d, true).render()));
        disks.volumes().forEach(v -> sb.append(v).append('\n'));
        return sb + general(g) + dump(g, p, notes);
    }

    /** What the general options and --boot set on the guest. */
    private static String general(GuestSpec g) {
        StringBuilder sb = new StringBuilder();
        sb.append("memory=").append(g.memoryKiB).append('/').append(g.currentMemoryKiB).append(" vcpus=")
                .append(g.vcpus).append('/').append(g.vcpusCurrent).append(" cpuset=").append(g.cpuset)
                .append(" placement=").append(g.placement).append(" name=").append(g.name).append(" title=")
                .append(g.title).append(" description=").append(g.description).append(" genid=").append(g.genid)
                .append(" firmware=").append(g.firmware).append(" boot=").append(g.bootDevices).append(" kernel=")
                .append(g.kernel).append(' ').append(g.initrd).append(' ').append(g.cmdline).append(" clock=")
                .append(g.clockOffset).append(" events=").append(g.events).append(" featuresOff=")
                .append(g.featuresOff).append(" vmport=").append(g.vmportGiven).append('\n');
        for (XmlOut e : new XmlOut[] {g.maxMemory, g.cpu, g.topology}) {
            sb.append(e == null ? "" : e.render());
        }
        g.osExtras.forEach(e -> sb.append(e.render()));
        g.features.forEach((k, e) -> sb.append("feature ").append(k).append('\n').append(e.render()));
        g.hyperv.forEach((k, e) -> sb.append("hyperv ").append(k).append('\n').append(e.render()));
        g.timers.forEach(e -> sb.append(e.render()));
        return sb.toString();
    }

    private static String dump(GuestSpec g, Problems p, List<String> notes) {
        StringBuilder sb = new StringBuilder();
        g.devices.forEach(d -> sb.append("device ").append(d.kind()).append('\n').append(d.xml().render()));
        g.tuning.forEach(e -> sb.append(e.render()));
        g.seclabels.forEach(e -> sb.append(e.render()));
        g.sysinfo.render(false).forEach(e -> sb.append(e.render()));
        for (XmlOut e : new XmlOut[] {g.resource, g.launchSecurity, g.memoryBacking, g.qemuCommandline}) {
            sb.append(e == null ? "" : e.render());
        }
        sb.append("uuid=").append(g.uuid).append(" smbios=").append(g.smbiosMode).append(" sharedMemoryUsers=")
                .append(g.sharedMemoryUsers).append(" bootOrderOnDevices=").append(g.bootOrderOnDevices)
                .append(" suspend=").append(g.suspendToMem).append('/').append(g.suspendToDisk).append('\n');
        boolean[] flags = {g.graphicsNone, g.spice, g.gl, g.usbDisabled, g.usbController, g.pciController,
                g.scsiController, g.spicevmcChannel, g.noConsole, g.noChannel, g.noRng, g.noSound, g.noMemballoon,
                g.noTpm, g.noVideo, g.noInput, g.noRedirdev};
        sb.append("flags=");
        for (boolean f : flags) {
            sb.append(f ? '1' : '0');
        }
        sb.append('\n');
        notes.forEach(n -> sb.append("note ").append(n).append('\n'));
        p.sentences().forEach(s -> sb.append("problem ").append(s).append('\n'));
        return sb.toString();
    }
}
