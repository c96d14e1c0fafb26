package io.jvirt.conf.domain;

import io.jvirt.conf.xml.XmlCursor;
import io.jvirt.conf.xml.XmlOut;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@code <audio>} back ends in libvirt's attribute and element order. */
final class AudioXml {

    /** Every per-direction attribute some type has; a type reads its own and refuses the others. */
    private static final List<String> IO_SETTINGS = List.of("dev", "bufferCount", "tryPoll", "serverName",
            "clientName", "connectPorts", "exactName", "name", "streamName", "latency");

    private AudioXml() {
    }

    static AudioDef read(XmlCursor c) {
        c.requireAttr("id");
        int id = c.intAttr("id", Integer.MAX_VALUE);
        AudioDef.Type type = c.requireEnumAttr("type", AudioDef.Type.class);
        Integer timerPeriod = c.intAttr("timerPeriod", Integer.MAX_VALUE);
        Boolean tryMMap = null;
        Boolean exclusive = null;
        Integer dspPolicy = null;
        String serverName = null;
        AudioDef.SdlDriver sdlDriver = null;
        String path = null;
        switch (type) {
            case OSS -> {
                tryMMap = c.yesNoAttr("tryMMap");
                exclusive = c.yesNoAttr("exclusive");
                dspPolicy = c.intAttr("dspPolicy", Integer.MAX_VALUE);
            }
            case PULSEAUDIO -> serverName = c.attr("serverName");
            case SDL -> sdlDriver = c.enumAttr("driver", AudioDef.SdlDriver.class);
            case FILE -> path = c.attr("path");
            case NONE, ALSA, COREAUDIO, JACK, SPICE, DBUS -> {
                // no settings of their own
            }
        }
        List<String> others = new ArrayList<>(List.of("tryMMap", "exclusive", "dspPolicy", "serverName", "driver",
                "path"));
        others.removeAll(switch (type) {
            case OSS -> List.of("tryMMap", "exclusive", "dspPolicy");
            case PULSEAUDIO -> List.of("serverName");
            case SDL -> List.of("driver");
            case FILE -> List.of("path");
            case NONE, ALSA, COREAUDIO, JACK, SPICE, DBUS -> List.<String>of();
        });
        c.notApplicable("an audio back end of type '" + type.xml() + "'", others.toArray(String[]::new));
        AudioIo input = io(c.child("input"), type);
        AudioIo output = io(c.child("output"), type);
        c.finish();
        Boolean fm = tryMMap;
        Boolean fe = exclusive;
        Integer fd = dspPolicy;
        String fs = serverName;
        AudioDef.SdlDriver fsd = sdlDriver;
        String fp = path;
        return c.build(() -> new AudioDef(id, type, timerPeriod, input, output, fm, fe, fd, fs, fsd, fp));
    }

    private static AudioIo io(XmlCursor c, AudioDef.Type type) {
        if (c == null) {
            return AudioIo.NONE;
        }
        Boolean mixing = c.yesNoAttr("mixingEngine");
        Boolean fixed = c.yesNoAttr("fixedSettings");
        Integer voices = c.intAttr("voices", Integer.MAX_VALUE);
        Integer bufferLength = c.intAttr("bufferLength", Integer.MAX_VALUE);
        List<String> own = AudioDef.ioSettings(type);
        String dev = own.contains("dev") ? c.attr("dev") : null;
        Integer bufferCount = own.contains("bufferCount") ? c.intAttr("bufferCount", Integer.MAX_VALUE) : null;
        Boolean tryPoll = own.contains("tryPoll") ? c.yesNoAttr("tryPoll") : null;
        String serverName = own.contains("serverName") ? c.attr("serverName") : null;
        String clientName = own.contains("clientName") ? c.attr("clientName") : null;
        String connectPorts = own.contains("connectPorts") ? c.attr("connectPorts") : null;
        Boolean exactName = own.contains("exactName") ? c.yesNoAttr("exactName") : null;
        String name = own.contains("name") ? c.attr("name") : null;
        String streamName = own.contains("streamName") ? c.attr("streamName") : null;
        Integer latency = own.contains("latency") ? c.intAttr("latency", Integer.MAX_VALUE) : null;
        List<String> others = new ArrayList<>(IO_SETTINGS);
        others.removeAll(own);
        c.notApplicable("the " + c.name() + " of an audio back end of type '" + type.xml() + "'",
                others.toArray(String[]::new));
        Integer frequency = null;
        Integer channels = null;
        AudioIo.Format format = null;
        XmlCursor s = c.child("settings");
        if (s != null) {
            frequency = s.intAttr("frequency", Integer.MAX_VALUE);
            channels = s.intAttr("channels", Integer.MAX_VALUE);
            format = s.enumAttr("format", AudioIo.Format.class);
            s.finish();
        }
        c.finish();
        Integer ff = frequency;
        Integer fc = channels;
        AudioIo.Format ffmt = format;
        return c.build(() -> new AudioIo(mixing, fixed, voices, bufferLength, ff, fc, ffmt, dev, bufferCount, tryPoll,
                serverName, clientName, connectPorts, exactName, name, streamName, latency));
    }

    static XmlOut format(AudioDef a) {
        XmlOut x = XmlOut.element("audio").attr("id", a.id()).attr("type", a.type()).attr("timerPeriod", a.timerPeriod())
                .yesNo("tryMMap", a.tryMMap()).yesNo("exclusive", a.exclusive()).attr("dspPolicy", a.dspPolicy())
                .attr("serverName", a.serverName()).attr("driver", a.sdlDriver()).attr("path", a.path());
        x.child(io("input", a.input()));
        x.child(io("output", a.output()));
        return x;
    }

    private static XmlOut io(String name, AudioIo io) {
        if (io.isEmpty()) {
            return null;
        }
        XmlOut x = XmlOut.element(name).yesNo("mixingEngine", io.mixingEngine()).yesNo("fixedSettings", io.fixedSettings())
                .attr("voices", io.voices()).attr("bufferLength", io.bufferLength())
                .attr("dev", io.dev()).attr("bufferCount", io.bufferCount()).yesNo("tryPoll", io.tryPoll())
                .attr("serverName", io.serverName()).attr("clientName", io.clientName())
                .attr("connectPorts", io.connectPorts()).yesNo("exactName", io.exactName())
                .attr("name", io.name()).attr("streamName", io.streamName()).attr("latency", io.latency());
        if (Boolean.TRUE.equals(io.fixedSettings())) {
            x.child(XmlOut.element("settings").attr("frequency", io.frequency()).attr("channels", io.channels())
                    .attr("format", io.format()));
        }
        return x;
    }
}
