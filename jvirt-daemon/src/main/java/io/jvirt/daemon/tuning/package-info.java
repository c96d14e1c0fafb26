/**
 * A domain's placement and tuning on the host: {@link io.jvirt.daemon.tuning.DomainTuning} (the
 * entry point the domain runner calls before and after QEMU starts and when it ends) checks the
 * host, plugs hotpluggable vCPUs, pins and schedules QEMU's threads, puts QEMU into a cgroup v2
 * group of its own, and reports each setting as applied or not; all host work goes through the
 * {@link io.jvirt.daemon.tuning.HostTuning} seam ({@link io.jvirt.daemon.tuning.LinuxHostTuning}
 * on a real host).
 */
package io.jvirt.daemon.tuning;
