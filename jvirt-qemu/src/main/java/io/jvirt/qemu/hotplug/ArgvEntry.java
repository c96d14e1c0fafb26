package io.jvirt.qemu.hotplug;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One device-related option of a QEMU command line with its value: {@code -device},
 * {@code -blockdev}, {@code -netdev} or {@code -object}, or {@code -chardev}.
 *
 * @param option the option, such as {@code -blockdev}
 * @param value its value as the command line has it
 */
record ArgvEntry(String option, String value) {

    /** The options whose entries make up a device. */
    static final List<String> DEVICE_OPTIONS = List.of("-device", "-blockdev", "-netdev", "-object", "-chardev");

    ArgvEntry {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(value, "value");
    }

    /** The device-related entries of a command line, in order. */
    static List<ArgvEntry> of(List<String> argv) {
        List<ArgvEntry> out = new ArrayList<>();
        for (int i = 1; i + 1 < argv.size(); i++) {
            if (DEVICE_OPTIONS.contains(argv.get(i))) {
                out.add(new ArgvEntry(argv.get(i), argv.get(i + 1)));
                i++;
            }
        }
        return out;
    }

    /** The id this entry gives QEMU: {@code node-name} for a block node, else {@code id}. */
    String id() {
        Object v = option.equals("-blockdev") ? QmpProps.blockdev(value).get("node-name")
                : QmpProps.keyval(value, false).get("id");
        return v == null ? null : v.toString();
    }
}
