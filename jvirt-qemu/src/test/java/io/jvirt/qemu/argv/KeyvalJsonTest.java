package io.jvirt.qemu.argv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The keyval-to-JSON conversion of block nodes: nesting, types, escaping, nulls. */
class KeyvalJsonTest {

    @Test
    void nestsDottedKeysTypesKnownPropertiesAndAddsNulls() {
        assertThat(KeyvalJson.of("node-name=a-fmt,read-only=on,cache.direct=on,cache.no-flush=off,"
                + "detect-zeroes=on,driver=qcow2,cache-size=4096,file=x,,y\"z", "backing"))
                .isEqualTo("{\"node-name\":\"a-fmt\",\"read-only\":true,\"cache\":{\"direct\":true,"
                        + "\"no-flush\":false},\"detect-zeroes\":\"on\",\"driver\":\"qcow2\",\"cache-size\":4096,"
                        + "\"file\":\"x,y\\\"z\",\"backing\":null}");
    }
}
