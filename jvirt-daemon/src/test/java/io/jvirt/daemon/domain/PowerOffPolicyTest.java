package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.LifecycleAction;
import io.jvirt.qemu.qmp.ShutdownCause;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PowerOffPolicyTest {
    @ParameterizedTest(name = "marked={0} reason={1} on_poweroff={2} -> {3}")
    @CsvSource(nullValues = "null", value = {
            "true,  guest-shutdown, DESTROY,          RESET_AND_CONTINUE",
            "true,  guest-shutdown, PRESERVE,         RESET_AND_CONTINUE",
            "true,  null,           RESTART,          RESET_AND_CONTINUE",
            "false, guest-shutdown, DESTROY,          END_QEMU",
            "false, guest-shutdown, COREDUMP_DESTROY, END_QEMU",
            "false, guest-shutdown, RESTART,          END_QEMU",
            "false, guest-shutdown, RENAME_RESTART,   END_QEMU",
            "false, guest-shutdown, COREDUMP_RESTART, END_QEMU",
            "false, guest-shutdown, PRESERVE,         STAY_PAUSED",
            "false, null,           PRESERVE,         STAY_PAUSED",
            // on_reboot=destroy (-no-reboot): the guest's reset is a power-off that ends the domain
            "false, guest-reset,    RESTART,          END_QEMU",
            "true,  guest-reset,    PRESERVE,         END_QEMU",
    })
    void decides(boolean marked, String reason, LifecycleAction onPoweroff, PowerOffPolicy.Action expected) {
        assertThat(PowerOffPolicy.decide(marked, ShutdownCause.of(reason), onPoweroff)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"RESTART, true", "RENAME_RESTART, true", "DESTROY, false", "PRESERVE, false"})
    void rebootIsAPowerOffWhenOnRebootSaysSo(LifecycleAction onReboot, boolean allowed) {
        assertThat(PowerOffPolicy.rebootAllowed(onReboot)).isEqualTo(allowed);
    }
}
