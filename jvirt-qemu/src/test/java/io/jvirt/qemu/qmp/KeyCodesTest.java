package io.jvirt.qemu.qmp;

import io.jvirt.qemu.qmp.KeyCodes.Codeset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** virsh's key names and numbers turned into QEMU's numbers (the values QEMU's own qnum table has). */
class KeyCodesTest {
    @Test
    void linuxNamesAndNumbersBecomeXtScanCodes() {
        assertThat(KeyCodes.qnum(Codeset.LINUX, "KEY_A")).contains(0x1e);
        assertThat(KeyCodes.qnum(Codeset.LINUX, "key_enter")).contains(0x1c);
        assertThat(KeyCodes.qnum(Codeset.LINUX, "30")).contains(0x1e);
        // 0xe0-prefixed keys: QEMU's qnum sets the high bit
        assertThat(KeyCodes.qnum(Codeset.LINUX, "KEY_RIGHTCTRL")).contains(0x9d);
        assertThat(KeyCodes.qnum(Codeset.LINUX, "KEY_UP")).contains(0xc8);
    }

    @Test
    void unknownKeysAndCodesetsAreEmpty() {
        assertThat(KeyCodes.qnum(Codeset.LINUX, "XX")).isEmpty();
        assertThat(KeyCodes.qnum(Codeset.QNUM, "0x1e")).contains(0x1e);
        assertThat(KeyCodes.qnum(Codeset.QNUM, "300")).isEmpty();
        assertThat(Codeset.of("win32")).isEmpty();
        assertThat(Codeset.of("Linux")).contains(Codeset.LINUX);
    }
}
