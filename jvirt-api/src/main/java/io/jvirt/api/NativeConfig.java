package io.jvirt.api;

import java.util.List;
import java.util.Map;

/**
 * A domain definition in a hypervisor's native form ({@code domxml-to-native}).
 *
 * @param format the native format ({@code qemu-argv})
 * @param text the command line as one line of shell text, what virsh prints
 * @param environment the variables set for QEMU besides those it inherits from jvirtd
 * @param argv the command line, one argument an element, the emulator first
 * @param notes the parts that depend on the start that runs it (run directory, tap names,
 *     inherited descriptors, ports), one sentence each
 */
public record NativeConfig(String format, String text, Map<String, String> environment, List<String> argv,
                           List<String> notes) {
    public NativeConfig {
        environment = Map.copyOf(environment);
        argv = List.copyOf(argv);
        notes = List.copyOf(notes);
    }
}
