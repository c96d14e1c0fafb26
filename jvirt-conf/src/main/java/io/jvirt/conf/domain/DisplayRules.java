package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that span graphics, video, sound, audio, character devices, smartcards and USB
 * redirection, as libvirt checks them at define time for QEMU 7.2 (domain_validate.c,
 * qemu_validate.c and qemuBuildCommandLineValidate).
 */
final class DisplayRules {

    private DisplayRules() {
    }

    static void check(Devices d, List<ConfException> problems) {
        graphics(d, problems);
        videos(d.videos(), problems);
        audio(d, problems);
        spiceChannels(d, problems);
        Set<Integer> parallelPorts = new HashSet<>();
        for (ParallelDef p : d.parallels()) {
            if (p.port() != null && !parallelPorts.add(p.port())) {
                problems.add(new ConfException(Kind.DUPLICATE,
                        "More than one parallel port uses port number " + p.port() + "."));
            }
        }
        if (d.smartcards().size() > 1) {
            problems.add(new ConfException(Kind.UNSUPPORTED, "QEMU supports one <smartcard>, not "
                    + d.smartcards().size() + "."));
        }
        if (d.all().stream().filter(x -> x instanceof RedirFilterDef).count() > 1) {
            problems.add(new ConfException(Kind.DUPLICATE, "<redirfilter> may appear only once inside <devices>."));
        }
        boolean usbDisabled = d.controllers().stream().anyMatch(c -> c.type() == ControllerDef.Type.USB
                && c.model() == ControllerDef.Model.USB_NONE);
        if (usbDisabled && !d.redirdevs().isEmpty()) {
            problems.add(new ConfException(Kind.CONFLICT, "A redirected USB device needs USB, which the USB "
                    + "controller of model 'none' disables."));
        }
    }

    private static void graphics(Devices d, List<ConfException> problems) {
        Set<String> types = new HashSet<>();
        for (GraphicsDef g : d.graphics()) {
            if (!types.add(g.type())) {
                problems.add(new ConfException(Kind.CONFLICT, "There can be only one <graphics> of each type, but "
                        + "there is more than one of type '" + g.type() + "'."));
            }
        }
        if (types.contains("egl-headless")) {
            for (GraphicsDef g : d.graphics()) {
                if (g instanceof GraphicsDef.Sdl || g instanceof GraphicsDef.Dbus) {
                    problems.add(new ConfException(Kind.CONFLICT, "egl-headless graphics pair only with vnc or spice, "
                            + "not with " + g.type() + "."));
                }
                if (g instanceof GraphicsDef.Spice s && Boolean.TRUE.equals(s.options().gl())) {
                    problems.add(new ConfException(Kind.CONFLICT, "QEMU has one OpenGL display: spice with "
                            + "<gl enable='yes'> and egl-headless cannot be used together."));
                }
            }
        }
    }

    private static void videos(List<VideoDef> videos, List<ConfException> problems) {
        if (videos.size() > 1 && videos.stream().anyMatch(v -> v.model() == VideoDef.Model.NONE)) {
            problems.add(new ConfException(Kind.CONFLICT,
                    "A video device of model 'none' must be the only video device."));
        }
        Set<VideoDef.Model> secondaryCapable = EnumSet.of(VideoDef.Model.QXL, VideoDef.Model.VIRTIO,
                VideoDef.Model.NONE);
        for (VideoDef v : videos) {
            if (!v.isPrimary() && !secondaryCapable.contains(v.model())) {
                problems.add(new ConfException(Kind.CONFLICT, "A video device of model '" + v.model().xml()
                        + "' can only be the primary one; secondary adapters are qxl or virtio."));
            }
        }
    }

    private static void audio(Devices d, List<ConfException> problems) {
        Set<Integer> ids = new HashSet<>();
        d.audios().forEach(a -> ids.add(a.id()));
        for (SoundDef s : d.sounds()) {
            if (s.audioId() != null && !ids.contains(s.audioId())) {
                problems.add(missingAudio(s.audioId(), "the " + s.model().xml() + " sound card"));
            }
        }
        for (GraphicsDef g : d.graphics()) {
            Integer id = switch (g) {
                case GraphicsDef.Vnc v -> v.audioId();
                case GraphicsDef.Dbus b -> b.audioId();
                case GraphicsDef.Spice s -> null;
                case GraphicsDef.Sdl s -> null;
                case GraphicsDef.EglHeadless e -> null;
            };
            if (id != null && !ids.contains(id)) {
                problems.add(missingAudio(id, "the " + g.type() + " display"));
            }
            if (g instanceof GraphicsDef.Dbus b && b.audioId() != null) {
                d.audios().stream().filter(a -> a.id() == b.audioId() && a.type() != AudioDef.Type.DBUS).findFirst()
                        .ifPresent(a -> problems.add(new ConfException(Kind.CONFLICT, "The D-Bus display's audio id "
                                + a.id() + " is of type '" + a.type().xml() + "', not 'dbus'.")));
            }
        }
        boolean spice = d.graphics().stream().anyMatch(g -> g instanceof GraphicsDef.Spice);
        if (!spice && d.audios().stream().anyMatch(a -> a.type() == AudioDef.Type.SPICE)) {
            problems.add(new ConfException(Kind.CONFLICT, "Spice audio needs <graphics type='spice'>."));
        }
    }

    private static ConfException missingAudio(int id, String user) {
        return new ConfException(Kind.MISSING_VALUE, "There is no <audio id='" + id + "'>, which " + user
                + " names; add it or name another id.");
    }

    /** spicevmc and spiceport character devices travel over a spice display. */
    private static void spiceChannels(Devices d, List<ConfException> problems) {
        if (d.graphics().stream().anyMatch(g -> g instanceof GraphicsDef.Spice)) {
            return;
        }
        List<CharSource> sources = new ArrayList<>();
        d.serials().forEach(s -> sources.add(s.source()));
        d.parallels().forEach(p -> sources.add(p.source()));
        d.consoles().forEach(c -> sources.add(c.source()));
        d.channels().forEach(c -> sources.add(c.source()));
        d.redirdevs().forEach(r -> sources.add(r.source()));
        d.smartcards().stream().filter(s -> s.passthrough() != null).forEach(s -> sources.add(s.passthrough()));
        Set<CharSource.Type> needing = EnumSet.noneOf(CharSource.Type.class);
        for (CharSource s : sources) {
            if (s.type() == CharSource.Type.SPICEVMC || s.type() == CharSource.Type.SPICEPORT) {
                needing.add(s.type());
            }
        }
        for (CharSource.Type t : needing) {
            problems.add(new ConfException(Kind.CONFLICT, "A character device of type '" + t.xml()
                    + "' needs <graphics type='spice'>."));
        }
    }
}
