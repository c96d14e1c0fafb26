package io.jvirt.daemon.firmware;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.OsDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.FirmwarePlumbing;
import io.jvirt.qemu.firmware.FirmwareDescriptors;
import io.jvirt.qemu.firmware.FirmwareException;
import io.jvirt.qemu.firmware.FirmwareResolver;
import io.jvirt.qemu.firmware.MachineAliases;
import io.jvirt.sys.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The host side of firmware: reads the QEMU firmware descriptors at each start (so an
 * installed or removed ovmf package counts at once), chooses with {@link FirmwareResolver},
 * and keeps variable stores in {@code STATE/nvram/NAME_VARS.fd} (libvirt's
 * {@code /var/lib/libvirt/qemu/nvram}) unless a definition names another path. A store is
 * created from its template once, when it does not exist; after that it belongs to the guest
 * and survives restarts.
 */
public final class HostFirmware implements FirmwarePlumbing {
    private static final Logger LOG = Logger.getLogger(HostFirmware.class.getName());

    private final List<Path> descriptorDirs;
    private final Path nvramDir;
    private final Supplier<MachineAliases> machines;

    /**
     * Creates the plumbing.
     *
     * @param descriptorDirs the descriptor directories, lowest precedence first
     * @param nvramDir where variable stores without a path go
     * @param machines QEMU's machine type aliases (asked of QEMU once, lazily)
     */
    public HostFirmware(List<Path> descriptorDirs, Path nvramDir, Supplier<MachineAliases> machines) {
        this.descriptorDirs = List.copyOf(descriptorDirs);
        this.nvramDir = nvramDir;
        this.machines = machines;
    }

    /**
     * The descriptor directories libvirt searches: {@code /usr/share/qemu/firmware},
     * {@code /etc/qemu/firmware}, and for a daemon not running as root also
     * {@code $XDG_CONFIG_HOME/qemu/firmware}.
     *
     * @param root whether the daemon runs as root
     * @return the directories, lowest precedence first
     */
    public static List<Path> descriptorDirs(boolean root) {
        List<Path> dirs = new ArrayList<>(FirmwareDescriptors.SYSTEM_DIRS);
        if (!root) {
            String xdg = System.getenv("XDG_CONFIG_HOME");
            Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                    : Path.of(System.getProperty("user.home"), ".config");
            dirs.add(config.resolve("qemu/firmware"));
        }
        return dirs;
    }

    /**
     * QEMU's machine aliases, asked of the emulator once on first use; QEMU 7.2's when it cannot
     * be asked (a start then still works, matching descriptors against QEMU 7.2's names).
     *
     * @param emulator the QEMU binary
     * @return a supplier that asks once
     */
    public static Supplier<MachineAliases> askQemu(String emulator) {
        return new Supplier<>() {
            private volatile MachineAliases known;

            @Override
            public MachineAliases get() {
                MachineAliases m = known;
                if (m == null) {
                    m = ask(emulator);
                    known = m;
                }
                return m;
            }
        };
    }

    private static MachineAliases ask(String emulator) {
        try {
            Command.Result r = Command.run(List.of(emulator, "-machine", "help"));
            MachineAliases m = r.ok() ? MachineAliases.parse(r.stdout()) : null;
            if (m != null && !m.aliases().isEmpty()) {
                return m;
            }
            LOG.warning(emulator + " -machine help did not list machine aliases (" + r.firstErrorLine()
                    + "); matching firmware against QEMU 7.2's names.");
        } catch (RuntimeException e) {
            LOG.warning("cannot ask " + emulator + " for its machine types: " + e.getMessage()
                    + "; matching firmware against QEMU 7.2's names.");
        }
        return MachineAliases.QEMU_7_2;
    }

    @Override
    public DomainDef atDefine(DomainDef def) {
        OsDef os = def.os();
        if (!os.hasReadOnlyUefiLoader() || (os.nvram() != null && os.nvram().path() != null)) {
            return def;
        }
        String path = FirmwareResolver.defaultNvram(nvramDir, def.name()).toString();
        OsDef.Nvram nvram = os.nvram() == null ? new OsDef.Nvram(path, null, null, false) : os.nvram().withPath(path);
        return def.withOs(os.toBuilder().nvram(nvram).build());
    }

    @Override
    public Prepared prepare(String domain, DomainDef def) {
        FirmwareResolver.Resolution r;
        try {
            FirmwareDescriptors descriptors = FirmwareDescriptors.load(descriptorDirs);
            r = new FirmwareResolver(descriptors, machines.get(), nvramDir).resolve(def, p -> Files.exists(Path.of(p)));
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "' cannot start: the firmware "
                    + "descriptors in " + descriptorDirs + " cannot be read: " + e.getMessage() + ".", e);
        } catch (FirmwareException e) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "' cannot start: "
                    + e.getMessage(), e);
        }
        DomainDef live = r.def();
        List<Path> created = new ArrayList<>();
        OsDef.Nvram nvram = live.os().nvram();
        if (nvram != null && nvram.path() != null && nvram.template() != null) {
            Path store = Path.of(nvram.path());
            if (!Files.exists(store) && NvramStore.createFromTemplate(domain, Path.of(nvram.template()), store)) {
                created.add(store);
                LOG.info("domain " + domain + ": created the UEFI variable store " + store + " from "
                        + nvram.template());
            }
        }
        return new Prepared(live, created, r.note());
    }

    @Override
    public void undo(Prepared prepared) {
        for (Path p : prepared.created()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warning("cannot remove " + p + " after a failed start: " + e.getMessage());
            }
        }
    }

    @Override
    public Path nvram(DomainDef def) {
        OsDef os = def.os();
        if (os.nvram() != null && os.nvram().path() != null) {
            return Path.of(os.nvram().path());
        }
        if (os.firmware() == OsDef.Firmware.EFI && (os.loader() == null
                || !Boolean.TRUE.equals(os.loader().stateless()))) {
            return FirmwareResolver.defaultNvram(nvramDir, def.name());
        }
        return null;
    }
}
