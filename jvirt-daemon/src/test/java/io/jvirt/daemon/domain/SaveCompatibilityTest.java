package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DomainDef;
import io.jvirt.daemon.DaemonException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SaveCompatibilityTest {
    private static DomainDef def(String name, int mib, String disk) {
        return SaveService.parse("""
                <domain type='kvm'>
                  <name>%s</name>
                  <uuid>6f1c1b3e-5c1d-4f0e-9a51-1d2c3b4a5f60</uuid>
                  <memory unit='MiB'>%d</memory>
                  <vcpu>1</vcpu>
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                  <devices>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2'/>
                      <source file='%s'/>
                      <target dev='vda' bus='virtio'/>
                    </disk>
                  </devices>
                </domain>""".formatted(name, mib, disk));
    }

    @Test
    void anotherDiskPathOrNameFits() {
        DomainDef given = def("other", 192, "/moved/a.qcow2");
        assertThat(SavedHardware.compatible(def("x", 192, "/img/a.qcow2"), given, "f")).isSameAs(given);
    }

    @Test
    void otherHardwareIsRefusedWithEveryDifference() {
        assertThatThrownBy(() -> SavedHardware.compatible(def("x", 192, "/img/a.qcow2"), def("x", 256, "/img/a.qcow2"),
                "/s.save")).isInstanceOf(DaemonException.class)
                .hasMessage("The definition given for /s.save does not fit the saved guest: the memory 262144 KiB is "
                        + "not 196608 KiB. Nothing was changed.");
    }
}
