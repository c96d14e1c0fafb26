package io.jvirt.qemu.argv;

import io.jvirt.conf.domain.Devices;
import io.jvirt.conf.domain.VideoDef;
import java.util.List;

/**
 * Renders the video adapters as libvirt's qemuBuildDeviceVideoCmd does for QEMU 7.2: the
 * primary adapter gets the model's VGA-compatible device (qxl-vga, virtio-vga), secondary
 * ones the plain device (qxl, virtio-gpu-pci); a vhost-user GPU talks to its helper process
 * over a socket in the run directory.
 */
final class VideoArgs {

    private VideoArgs() {
    }

    static void add(List<String> argv, Layout layout, Devices devs, LaunchContext ctx) {
        List<VideoDef> videos = devs.videos();
        for (int i = 0; i < videos.size(); i++) {
            VideoDef v = videos.get(i);
            String id = v.alias() != null ? v.alias() : "video" + i;
            boolean primary = v.isPrimary();
            boolean accel3d = v.acceleration() != null && Boolean.TRUE.equals(v.acceleration().accel3d());
            boolean vhostUser = v.backend() == VideoDef.Backend.VHOSTUSER;
            Opts o = switch (v.model()) {
                case VGA -> Opts.of("VGA").add("id", id).add("vgamem_mb", mib(v.vram()));
                case CIRRUS -> Opts.of("cirrus-vga").add("id", id);
                case VMVGA -> Opts.of("vmware-svga").add("id", id).add("vgamem_mb", mib(v.vram()));
                case QXL -> Opts.of(primary ? "qxl-vga" : "qxl").add("id", id).add("max_outputs", v.heads())
                        .add("ram_size", bytes(v.ram())).add("vram_size", bytes(v.vram()))
                        .add("vram64_size_mb", v.vram64() == null ? 0 : v.vram64() / 1024)
                        .add("vgamem_mb", mib(v.vgamem()));
                case VIRTIO -> {
                    String device;
                    if (vhostUser) {
                        device = primary ? "vhost-user-vga" : "vhost-user-gpu-pci";
                    } else if (primary) {
                        device = accel3d ? "virtio-vga-gl" : "virtio-vga";
                    } else {
                        device = accel3d ? "virtio-gpu-gl-pci" : "virtio-gpu-pci";
                    }
                    if (vhostUser) {
                        argv.add("-chardev");
                        argv.add(Opts.of("socket").add("id", "chr-vu-" + id)
                                .add("path", ctx.runDir().resolve(id + "-vhost-user.sock")).toString());
                    }
                    // libvirt gives the virtio options to every virtio GPU but vhost-user-vga, which takes none
                    Opts dev = Opts.of(device);
                    if (!device.equals("vhost-user-vga")) {
                        NetArgs.virtio(dev, v.options());
                    }
                    yield dev.add("id", id).add("max_outputs", v.heads())
                            .add("chardev", vhostUser ? "chr-vu-" + id : null);
                }
                case BOCHS -> Opts.of("bochs-display").add("id", id).add("vgamem", bytes(v.vram()));
                case RAMFB -> Opts.of("ramfb").add("id", id);
                case NONE -> null;
            };
            if (o == null) {
                continue;
            }
            if (v.resolution() != null) {
                o.add("xres", v.resolution().x()).add("yres", v.resolution().y());
            }
            if (v.model() != VideoDef.Model.RAMFB) {
                layout.pci(o, v.address()).add("acpi-index", v.acpiIndex());
            }
            argv.add("-device");
            argv.add(o.toString());
        }
    }

    private static Integer mib(Integer kib) {
        return kib == null ? null : kib / 1024;
    }

    private static Long bytes(Integer kib) {
        return kib == null ? null : kib * 1024L;
    }
}
