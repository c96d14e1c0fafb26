package io.jvirt.cli.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.api.DomainDisplay;
import org.junit.jupiter.api.Test;

/** domdisplay's URIs and vncdisplay's lines, as virsh 9.0 prints them for the same live XML. */
class DisplayUrisTest {

    private static DomainDisplay d(String type, String listen, Integer port, Integer tls, String socket, String pw) {
        return new DomainDisplay(type, listen, port, tls, socket, null, pw);
    }

    @Test
    void vncUrisCountDisplaysFrom5900AndCarryThePasswordBeforeTheHost() {
        assertThat(DisplayUris.uri(d("vnc", "127.0.0.1", 5901, null, null, null))).isEqualTo("vnc://127.0.0.1:1");
        assertThat(DisplayUris.uri(d("vnc", "0.0.0.0", 5900, null, null, "pw"))).isEqualTo("vnc://:pw@localhost:0");
        assertThat(DisplayUris.uri(d("vnc", "2001:db8::1", 5903, null, null, null))).isEqualTo("vnc://[2001:db8::1]:3");
        assertThat(DisplayUris.uri(d("vnc", null, null, null, "/run/v.sock", null))).isEqualTo("vnc+unix:///run/v.sock");
        assertThat(DisplayUris.uri(d("vnc", null, null, null, null, null))).as("listen none").isNull();
    }

    @Test
    void spiceUrisKeepThePortAndPutTlsAndPasswordInTheQuery() {
        assertThat(DisplayUris.uri(d("spice", "127.0.0.1", 5930, 5931, null, "s")))
                .isEqualTo("spice://127.0.0.1:5930?tls-port=5931&password=s");
        assertThat(DisplayUris.uri(d("spice", "127.0.0.1", 5930, null, null, null))).isEqualTo("spice://127.0.0.1:5930");
    }

    @Test
    void dbusUrisNeedAUnixPathAddress() {
        assertThat(DisplayUris.uri(new DomainDisplay("dbus", null, null, null, null, "unix:path=/run/bus", null)))
                .isEqualTo("dbus+unix:///run/bus");
        assertThat(DisplayUris.uri(new DomainDisplay("dbus", null, null, null, null, null, null))).isNull();
    }

    @Test
    void vncdisplayPrintsAddressAndDisplay() {
        assertThat(DisplayUris.vncDisplay(d("vnc", "127.0.0.1", 5901, null, null, null))).isEqualTo("127.0.0.1:1");
        assertThat(DisplayUris.vncDisplay(d("vnc", "0.0.0.0", 5907, null, null, null))).isEqualTo(":7");
        assertThat(DisplayUris.vncDisplay(d("vnc", null, null, null, "/s", null))).isNull();
    }
}
