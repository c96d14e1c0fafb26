package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.domain.HostdevDef;
import io.jvirt.conf.domain.HostdevSource;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.NetBackend;
import io.jvirt.conf.domain.SysinfoDef;
import io.jvirt.qemu.address.AddressAssigner;
import io.jvirt.qemu.address.AddressException;
import io.jvirt.qemu.firmware.FirmwareDescriptors;
import io.jvirt.qemu.firmware.FirmwareResolver;
import io.jvirt.qemu.firmware.MachineAliases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The golden cases in {@code src/test/resources/argv}: {@code NAME.xml} with either
 * {@code NAME.args} (one argument per line) or {@code NAME.err} (the expected
 * {@link ArgvException} message). A name ending in {@code -tcg} builds with TCG, others
 * with KVM; the run directory is {@code /run/jvirt/test/NAME}. The definition is assigned its
 * addresses first, as the daemon does when a domain is defined, then goes through firmware
 * selection, as the daemon's start does, with the descriptors of Debian's ovmf package
 * ({@code src/test/resources/firmware/debian}) and variable stores in {@link #NVRAM_DIR};
 * starts happen at {@link #START} in Europe/Berlin, and the host's SMBIOS strings are
 * {@link #HOST_SMBIOS}.
 */
final class ArgvCases {

    static final Path DIR = Path.of("src/test/resources/argv");
    static final String EMULATOR = "/usr/bin/qemu-system-x86_64";
    static final Path FIRMWARE = Path.of("src/test/resources/firmware/debian");
    static final Path NVRAM_DIR = Path.of("/var/lib/jvirt/nvram");
    static final Instant START = Instant.parse("2024-03-01T12:00:00Z");
    static final SysinfoDef.Smbios HOST_SMBIOS = new SysinfoDef.Smbios(
            new SysinfoDef.Block(SysinfoDef.BlockKind.BIOS, Map.of("vendor", "Host BIOS Inc.", "version", "1.2")),
            new SysinfoDef.Block(SysinfoDef.BlockKind.SYSTEM, Map.of("manufacturer", "Host Maker",
                    "uuid", "11111111-2222-3333-4444-555555555555")), List.of(), null, List.of());

    private ArgvCases() {
    }

    static Stream<String> names() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Accel accel(String name) {
        return name.endsWith("-tcg") ? Accel.TCG : Accel.KVM;
    }

    static LaunchContext context(String name) {
        Path run = Path.of("/run/jvirt/test", name);
        return new LaunchContext(run, accel(name), EMULATOR).withMemory(memory(Path.of("/dev"), run, name))
                .withClock(Clock.fixed(START, ZoneId.of("Europe/Berlin")), HOST_SMBIOS);
    }

    /**
     * Huge page directories as the daemon lays them out ({@code hugepages2M} and
     * {@code hugepages1G} mounts under {@code root}, a directory per domain in each), and
     * file-backed memory in the run directory.
     */
    static MemoryPaths memory(Path root, Path run, String name) {
        return new MemoryPaths(2048, Map.of(2048L, root.resolve("hugepages2M/jvirt/" + name),
                1048576L, root.resolve("hugepages1G/jvirt/" + name)), run.resolve("ram"));
    }

    /**
     * Returns the context the daemon would build for the definition: each macvtap interface on the
     * next descriptor from 3, each SCSI host LUN on the next {@code /dev/sgN}.
     */
    static LaunchContext context(String name, DomainDef def) {
        Map<Integer, Integer> fds = new HashMap<>();
        List<InterfaceDef> nics = def.devices().interfaces();
        for (int i = 0; i < nics.size(); i++) {
            if (nics.get(i).backend() instanceof NetBackend.Direct) {
                fds.put(i, 3 + fds.size());
            }
        }
        Map<String, String> sg = new HashMap<>();
        for (HostdevDef h : def.devices().hostdevs()) {
            if (h.source() instanceof HostdevSource.Scsi s && s.target() instanceof HostdevSource.ScsiAdapter a) {
                sg.put(a.sysfsName(), "/dev/sg" + sg.size());
            }
        }
        return context(name).withHost(new HostHandles(fds, sg));
    }

    /**
     * Returns the case's definition as the daemon stores it: parsed, then given its controllers
     * and addresses by the {@link AddressAssigner}, as at define time. A case whose XML the
     * assigner refuses yields the parsed definition, for the argv builder to refuse.
     */
    static DomainDef definition(String name) throws IOException {
        DomainDef parsed = DomainXml.parse(Files.readString(DIR.resolve(name + ".xml"), StandardCharsets.UTF_8),
                new Random(1));
        DomainDef assigned;
        try {
            assigned = AddressAssigner.assign(parsed);
        } catch (AddressException refused) {
            assigned = parsed;
        }
        FirmwareResolver firmware = new FirmwareResolver(FirmwareDescriptors.load(List.of(FIRMWARE)),
                MachineAliases.QEMU_7_2, NVRAM_DIR);
        return firmware.resolve(assigned, path -> false).def();
    }

    static boolean expectsError(String name) {
        return Files.exists(DIR.resolve(name + ".err"));
    }
}
