package io.jvirt.qemu.qmp;

import java.util.List;
import java.util.Map;

/**
 * The monitor commands the daemon's lifecycle needs, typed (libvirt's
 * {@code qemuMonitorSystemReset}-style wrappers): callers never build QMP strings or read QMP
 * JSON. {@link QmpMonitor} runs them over a {@link QmpClient}; tests of the daemon's logic
 * pass fakes. Every method may throw {@link QmpException}. Devices (hotplug, media, block
 * limits) are {@link DeviceMonitor}'s, memory and vCPUs {@link GuestResourceMonitor}'s.
 */
public interface QemuMonitor extends DeviceMonitor, GuestResourceMonitor {
    /** Where the virtual machine is, from {@code query-status}. */
    enum RunState {
        /** The CPUs run. */
        RUNNING,
        /** The CPUs are stopped (by {@code stop}, {@code -S} or an error). */
        PAUSED,
        /** The guest powered off and QEMU waits ({@code -no-shutdown}). */
        SHUTDOWN
    }

    /** Resumes the CPUs ({@code cont}). */
    void cont();

    /** Stops the CPUs ({@code stop}). */
    void stop();

    /** Presses the ACPI power button ({@code system_powerdown}). */
    void systemPowerdown();

    /** Resets the machine like its reset button ({@code system_reset}). */
    void systemReset();

    /** Asks QEMU to exit now ({@code quit}); the process ends soon after the answer. */
    void quit();

    /** The run state ({@code query-status}). */
    RunState queryStatus();

    /** Plugs or pulls a network card's virtual cable ({@code set_link}). */
    void setLink(String deviceId, boolean up);

    /** The vCPU threads ({@code query-cpus-fast}), in vCPU index order. */
    List<QemuThreads.Vcpu> vcpuThreads();

    /** The I/O threads ({@code query-iothreads}). */
    List<QemuThreads.IoThread> ioThreads();

    /** The CPU slots, plugged or not ({@code query-hotpluggable-cpus}). */
    List<QemuThreads.HotpluggableCpu> hotpluggableCpus();

    /**
     * Where the display servers listen ({@code query-vnc-servers}, {@code query-spice}).
     *
     * @param vnc whether the guest has a VNC server to ask about
     * @param spice whether it has a SPICE server to ask about
     * @return the TCP ports
     */
    DisplayPorts queryDisplayPorts(boolean vnc, boolean spice);

    /**
     * Runs a command that a pure renderer prepared (such as the start-up commands), whose
     * answer the caller does not need.
     */
    void run(String command, Map<String, ?> arguments);
}
