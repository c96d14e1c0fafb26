package io.jvirt.daemon.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.api.ErrorCode;
import io.jvirt.daemon.DaemonException;
import org.junit.jupiter.api.Test;

class UnknownRequestTest {

    @Test
    void anUnknownRequestPointsAtAnOlderDaemon() {
        DaemonException e = RestHandler.notFound("GET", "managed-save");
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(e.getMessage()).matches("this jvirtd \\(running since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\) "
                + "does not know the request GET managed-save; if jvirt was updated after it started, restart "
                + "jvirtd to run the new version\\.");
    }
}
