package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code <devices>} element. Lists keep document order within each kind.
 *
 * @param emulator the QEMU binary path, or null for the daemon's default
 * @param disks the disks
 * @param controllers the controllers
 * @param interfaces the network interfaces
 * @param serials the serial ports
 * @param consoles the consoles
 * @param channels the channels
 * @param inputs the input devices
 * @param graphics the graphics servers
 * @param audios the audio back ends
 * @param videos the video adapters
 * @param memballoon the balloon, or null when unspecified
 * @param rngs the entropy devices
 */
public record Devices(String emulator, List<DiskDef> disks, List<ControllerDef> controllers,
                      List<InterfaceDef> interfaces, List<SerialDef> serials, List<ConsoleDef> consoles,
                      List<ChannelDef> channels, List<InputDef> inputs, List<GraphicsDef> graphics,
                      List<AudioDef> audios, List<VideoDef> videos, MemballoonDef memballoon, List<RngDef> rngs) {

    /** No devices at all. */
    public static final Devices NONE = new Devices(null, List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of(), List.of(), null, List.of());

    /** Validates cross-device rules and copies the lists. */
    public Devices {
        Checks.path(emulator, "The emulator path");
        disks = Checks.list(disks);
        controllers = Checks.list(controllers);
        interfaces = Checks.list(interfaces);
        serials = Checks.list(serials);
        consoles = Checks.list(consoles);
        channels = Checks.list(channels);
        inputs = Checks.list(inputs);
        graphics = Checks.list(graphics);
        audios = Checks.list(audios);
        videos = Checks.list(videos);
        rngs = Checks.list(rngs);
        Set<String> targets = new HashSet<>();
        for (DiskDef d : disks) {
            if (!targets.add(d.target().dev())) {
                throw new ConfException(Kind.DUPLICATE,
                        "The disk target '" + d.target().dev() + "' is used by more than one disk.");
            }
        }
        Set<String> controllerIds = new HashSet<>();
        for (ControllerDef c : controllers) {
            if (!controllerIds.add(c.type().xml() + "/" + c.index())) {
                throw new ConfException(Kind.DUPLICATE, "There is more than one controller of type '"
                        + c.type().xml() + "' with index " + c.index() + ".");
            }
        }
        Map<Integer, String> bootOrders = new HashMap<>();
        for (DiskDef d : disks) {
            addBootOrder(bootOrders, d.bootOrder(), "disk '" + d.target().dev() + "'");
        }
        for (InterfaceDef n : interfaces) {
            addBootOrder(bootOrders, n.bootOrder(), "interface '" + n.mac() + "'");
        }
        Set<Integer> serialPorts = new HashSet<>();
        for (int i = 0; i < serials.size(); i++) {
            int port = serials.get(i).port() == null ? i : serials.get(i).port();
            if (!serialPorts.add(port)) {
                throw new ConfException(Kind.DUPLICATE, "More than one serial port uses port number " + port + ".");
            }
        }
        Set<String> channelNames = new HashSet<>();
        for (ChannelDef ch : channels) {
            if (!channelNames.add(ch.name())) {
                throw new ConfException(Kind.DUPLICATE, "There is more than one channel named '" + ch.name() + "'.");
            }
        }
        Set<Integer> audioIds = new HashSet<>();
        for (AudioDef a : audios) {
            if (!audioIds.add(a.id())) {
                throw new ConfException(Kind.DUPLICATE,
                        "There is more than one audio back end with id " + a.id() + ".");
            }
        }
        if (videos.stream().filter(v -> Boolean.TRUE.equals(v.primary())).count() > 1) {
            throw new ConfException(Kind.CONFLICT, "Only one video device can be primary.");
        }
        if (graphics.size() > 1) {
            throw new ConfException(Kind.CONFLICT, "Only one <graphics> device is supported.");
        }
        Set<Address> addresses = new HashSet<>();
        for (Address a : allAddresses(disks, controllers, interfaces, channels, inputs, videos, memballoon, rngs)) {
            if (!addresses.add(a)) {
                throw new ConfException(Kind.DUPLICATE, "Two devices use the same " + a.describe() + ".");
            }
        }
    }

    private static void addBootOrder(Map<Integer, String> seen, Integer order, String what) {
        if (order == null) {
            return;
        }
        String previous = seen.putIfAbsent(order, what);
        if (previous != null) {
            throw new ConfException(Kind.DUPLICATE,
                    "The boot order " + order + " is used by both the " + previous + " and the " + what + ".");
        }
    }

    private static List<Address> allAddresses(List<DiskDef> disks, List<ControllerDef> controllers,
                                              List<InterfaceDef> interfaces, List<ChannelDef> channels,
                                              List<InputDef> inputs, List<VideoDef> videos,
                                              MemballoonDef memballoon, List<RngDef> rngs) {
        List<Address> out = new ArrayList<>();
        disks.forEach(d -> out.add(d.address()));
        controllers.forEach(c -> out.add(c.address()));
        interfaces.forEach(n -> out.add(n.address()));
        channels.forEach(c -> out.add(c.address()));
        inputs.forEach(i -> out.add(i.address()));
        videos.forEach(v -> out.add(v.address()));
        if (memballoon != null) {
            out.add(memballoon.address());
        }
        rngs.forEach(r -> out.add(r.address()));
        out.removeIf(a -> a == null);
        return out;
    }

    /** Returns whether any disk or interface has a per-device boot order. */
    public boolean hasBootOrder() {
        return disks.stream().anyMatch(d -> d.bootOrder() != null)
                || interfaces.stream().anyMatch(n -> n.bootOrder() != null);
    }

    /**
     * Returns a copy with another disk list.
     *
     * @param newDisks the disks
     * @return the copy
     */
    public Devices withDisks(List<DiskDef> newDisks) {
        return new Devices(emulator, newDisks, controllers, interfaces, serials, consoles, channels, inputs, graphics,
                audios, videos, memballoon, rngs);
    }

    /**
     * Returns a copy with another interface list.
     *
     * @param newInterfaces the interfaces
     * @return the copy
     */
    public Devices withInterfaces(List<InterfaceDef> newInterfaces) {
        return new Devices(emulator, disks, controllers, newInterfaces, serials, consoles, channels, inputs, graphics,
                audios, videos, memballoon, rngs);
    }

    /**
     * Returns a copy with another emulator.
     *
     * @param newEmulator the emulator path, or null
     * @return the copy
     */
    public Devices withEmulator(String newEmulator) {
        return new Devices(newEmulator, disks, controllers, interfaces, serials, consoles, channels, inputs, graphics,
                audios, videos, memballoon, rngs);
    }
}
