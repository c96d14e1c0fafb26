package io.jvirt.daemon.hostdev;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.common.VlanDef;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.HostdevDef;
import io.jvirt.conf.domain.HostdevSource;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.NetBackend;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.domain.HostdevPlumbing;
import io.jvirt.daemon.host.HostView;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The host side of a domain's host devices ({@link HostdevPlumbing}): every check is made before
 * anything changes, and every problem of every device is reported in one sentence list; then the
 * managed PCI devices are bound to vfio-pci (undone if a later one fails) and the MAC address and
 * VLAN of assigned SR-IOV VFs set through their physical function.
 *
 * <p>Reads and writes go through a {@link HostView}, so tests run the checks and the binding
 * against a fake sysfs tree. This machine has no IOMMU and no VFIO, so the real binding is only
 * reached by those tests.
 */
public final class GuestHostdevs implements HostdevPlumbing {
    private static final Logger LOG = Logger.getLogger(GuestHostdevs.class.getName());

    /** Sets an SR-IOV VF's MAC address and VLAN through its physical function's interface. */
    @FunctionalInterface
    public interface VfSetup {
        /**
         * Sets them.
         *
         * @param pf the physical function's network interface
         * @param vf the VF's number on it
         * @param mac the MAC address
         * @param vlan the access VLAN, or null for none
         */
        void set(String pf, int vf, String mac, Integer vlan);
    }

    private final HostView host;
    private final VfSetup vfSetup;

    /**
     * Creates the plumbing.
     *
     * @param host the host's sysfs and /dev
     * @param vfSetup how VF MAC addresses are set
     */
    public GuestHostdevs(HostView host, VfSetup vfSetup) {
        this.host = host;
        this.vfSetup = vfSetup;
    }

    @Override
    public Plugged plug(String domain, DomainDef def) {
        List<InterfaceDef> nics = def.devices().interfaces();
        List<HostdevDef> hostdevs = def.devices().hostdevs();
        boolean vfio = hostdevs.stream().anyMatch(h -> h.source() instanceof HostdevSource.Pci
                || h.source() instanceof HostdevSource.Mdev) || nics.stream().anyMatch(
                n -> n.backend() instanceof NetBackend.Hostdev h && h.source() instanceof HostdevSource.Pci);
        if (!vfio && hostdevs.isEmpty() && nics.stream().noneMatch(n -> n.backend() instanceof NetBackend.Hostdev)) {
            return new Plugged(def, Map.of());
        }
        List<String> problems = new ArrayList<>();
        if (vfio) {
            PciChecks.platform(host, problems);
        }
        List<String> toBind = new ArrayList<>();
        List<Runnable> vfs = new ArrayList<>();
        Map<String, String> scsi = new HashMap<>();
        List<HostdevDef> liveHostdevs = new ArrayList<>();
        for (HostdevDef h : hostdevs) {
            HostdevDef live = hostdev(h, problems, toBind, scsi);
            if (live != null) {
                liveHostdevs.add(live);
            }
        }
        List<InterfaceDef> liveNics = new ArrayList<>();
        for (InterfaceDef n : nics) {
            liveNics.add(n.backend() instanceof NetBackend.Hostdev h ? netHostdev(n, h, problems, toBind, vfs) : n);
        }
        if (!problems.isEmpty()) {
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "' cannot start: "
                    + String.join(" ", problems));
        }
        List<String> bound = new ArrayList<>();
        try {
            for (String name : toBind) {
                VfioBinding.toVfio(host, name);
                bound.add(name);
            }
            vfs.forEach(Runnable::run);
        } catch (UncheckedIOException | DaemonException e) {
            bound.forEach(name -> VfioBinding.toHost(host, name));
            throw new DaemonException(ErrorCode.HOST_RESOURCE, "domain '" + domain + "' cannot start: "
                    + e.getMessage().strip() + (e.getMessage().endsWith(".") ? "" : "."), e);
        }
        DomainDef live = def.withDevices(def.devices().withHostdevs(liveHostdevs).withInterfaces(liveNics));
        return new Plugged(live, scsi);
    }

    /** Checks one host device; returns it as the live definition has it, or null when it is left out. */
    private HostdevDef hostdev(HostdevDef h, List<String> problems, List<String> toBind, Map<String, String> scsi) {
        switch (h.source()) {
            case HostdevSource.Pci p -> {
                String driver = PciChecks.device(host, p.host(), h.managed(), h.describe(), problems);
                if (h.managed() && !"vfio-pci".equals(driver) && host.sysExists("bus/pci/devices/"
                        + p.host().sysfsName())) {
                    toBind.add(p.host().sysfsName());
                }
            }
            case HostdevSource.Mdev m -> {
                if (!host.sysExists("bus/mdev/devices/" + m.uuid())) {
                    problems.add("The mediated device " + m.uuid() + " does not exist; create it by writing its UUID "
                            + "to /sys/class/mdev_bus/PARENT/mdev_supported_types/TYPE/create.");
                }
            }
            case HostdevSource.Usb u -> {
                return usb(h, u, problems);
            }
            case HostdevSource.Scsi s -> {
                if (s.target() instanceof HostdevSource.ScsiAdapter a) {
                    String sg = UsbScsiChecks.scsiGeneric(host, a);
                    if (sg == null) {
                        problems.add("The host has no SCSI LUN " + a.sysfsName() + " (" + h.describe() + "); check "
                                + "'lsscsi -g'.");
                    } else if (!host.devExists(sg)) {
                        problems.add("The SCSI generic node /dev/" + sg + " of " + h.describe() + " is missing; load "
                                + "the sg module ('modprobe sg').");
                    } else {
                        scsi.put(a.sysfsName(), host.dev().resolve(sg).toString());
                    }
                }
            }
            case HostdevSource.ScsiHost s -> {
                if (!host.devExists("vhost-scsi")) {
                    problems.add("The host has no vhost-scsi (/dev/vhost-scsi is missing) for " + h.describe()
                            + "; load vhost_scsi and create the target with targetcli.");
                }
            }
        }
        return h;
    }

    private HostdevDef usb(HostdevDef h, HostdevSource.Usb u, List<String> problems) {
        List<UsbScsiChecks.UsbDevice> found = UsbScsiChecks.usb(host, u);
        if (found.isEmpty()) {
            if (u.startupPolicy() == HostdevSource.StartupPolicy.OPTIONAL) {
                LOG.info("the optional " + h.describe() + " is not plugged in; the domain starts without it");
                return null;
            }
            problems.add("The host has no " + h.describe() + "; plug it in, or set startupPolicy='optional' to start "
                    + "without it.");
            return h;
        }
        if (found.size() > 1) {
            problems.add("The host has " + found.size() + " USB devices of " + h.describe() + " (at "
                    + String.join(", ", found.stream().map(f -> f.bus() + ":" + f.device()).toList())
                    + "); name one with <address bus device>.");
            return h;
        }
        UsbScsiChecks.UsbDevice d = found.getFirst();
        if (!host.devExists(d.node())) {
            problems.add("The device node /dev/" + d.node() + " of " + h.describe() + " is missing.");
        }
        return h.withSource(u.at(d.bus(), d.device()));
    }

    private InterfaceDef netHostdev(InterfaceDef n, NetBackend.Hostdev h, List<String> problems, List<String> toBind,
                                    List<Runnable> vfs) {
        String what = "interface " + n.mac();
        switch (h.source()) {
            case HostdevSource.Pci p -> {
                String driver = PciChecks.device(host, p.host(), h.managed(), what, problems);
                if (h.managed() && !"vfio-pci".equals(driver) && host.sysExists("bus/pci/devices/"
                        + p.host().sysfsName())) {
                    toBind.add(p.host().sysfsName());
                }
                PciChecks.VirtualFunction vf = PciChecks.virtualFunction(host, p.host(), what, problems);
                if (vf != null) {
                    VlanDef vlan = n.vlan();
                    if (vlan != null && (vlan.trunk() || vlan.tags().size() > 1)) {
                        problems.add("The " + what + " asks for a VLAN trunk; an SR-IOV VF carries one access VLAN.");
                    }
                    Integer tag = vlan == null ? null : vlan.tags().getFirst().id();
                    vfs.add(() -> vfSetup.set(vf.pfInterface(), vf.index(), n.mac(), tag));
                }
                return n;
            }
            case HostdevSource.Usb u -> {
                List<UsbScsiChecks.UsbDevice> found = UsbScsiChecks.usb(host, u);
                if (found.size() != 1) {
                    problems.add(found.isEmpty() ? "The host has no USB network device for " + what + "."
                            : "The host has several USB devices matching " + what + "; name one by bus and device.");
                    return n;
                }
                return n.withBackend(new NetBackend.Hostdev(h.managed(),
                        u.at(found.getFirst().bus(), found.getFirst().device())));
            }
            case HostdevSource.Scsi s -> throw new IllegalStateException("a SCSI network card");
            case HostdevSource.ScsiHost s -> throw new IllegalStateException("a vhost-scsi network card");
            case HostdevSource.Mdev m -> throw new IllegalStateException("a mediated network card");
        }
    }

    @Override
    public void unplug(String domain, DomainDef live) {
        for (HostdevDef h : live.devices().hostdevs()) {
            if (h.managed() && h.source() instanceof HostdevSource.Pci p) {
                VfioBinding.toHost(host, p.host().sysfsName());
            }
        }
        for (InterfaceDef n : live.devices().interfaces()) {
            if (n.backend() instanceof NetBackend.Hostdev h && h.managed() && h.source() instanceof HostdevSource.Pci p) {
                VfioBinding.toHost(host, p.host().sysfsName());
            }
        }
    }
}
