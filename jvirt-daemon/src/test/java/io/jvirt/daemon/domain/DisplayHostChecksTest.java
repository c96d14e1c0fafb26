package io.jvirt.daemon.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.daemon.DaemonException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a start needs from the host for displays, sound, inputs and TLS, against a fake host. */
class DisplayHostChecksTest {

    /** A host with Debian's qemu-system-x86 modules and nothing else. */
    private static final class Host implements DisplayHostChecks.HostFiles {
        final Set<Path> files = new HashSet<>();
        List<Path> renderNodes = List.of();

        Host() {
            files.add(DisplayHostChecks.MODULE_DIR);
            for (String m : List.of("ui-spice-core", "audio-spice", "chardev-spice", "hw-display-qxl",
                    "hw-display-virtio-gpu", "hw-usb-redirect", "hw-usb-smartcard", "ui-egl-headless", "ui-dbus",
                    "audio-alsa", "audio-oss", "audio-dbus")) {
                files.add(DisplayHostChecks.MODULE_DIR.resolve(m + ".so"));
            }
        }

        @Override
        public boolean exists(Path p) {
            return files.contains(p);
        }

        @Override
        public List<Path> renderNodes() {
            return renderNodes;
        }
    }

    private static DomainDef def(String devices) {
        return DomainXml.parse("<domain type='qemu'><name>d</name><memory unit='MiB'>64</memory>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>" + devices + "</devices></domain>");
    }

    @Test
    void spiceQxlAndRedirectionNeedOnlyWhatQemuSystemX86Ships() {
        assertThatCode(() -> DisplayHostChecks.beforeStart(def("<graphics type='spice'/><video><model type='qxl'/>"
                + "</video><redirdev bus='usb' type='spicevmc'/><channel type='spicevmc'><target type='virtio' "
                + "name='com.redhat.spice.0'/></channel><sound model='ich9'/>"), new Host())).doesNotThrowAnyException();
    }

    @Test
    void everythingMissingIsNamedAtOnceWithThePackageToInstall() {
        Host host = new Host();
        assertThatThrownBy(() -> DisplayHostChecks.beforeStart(def("<graphics type='sdl'/><audio id='1' "
                + "type='pulseaudio'/><input type='evdev'><source dev='/dev/input/event7'/></input>"
                + "<graphics type='spice' tlsPort='5902' autoport='no'/>"), host))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.HOST_RESOURCE))
                .hasMessage("domain 'd' cannot start: QEMU lacks the modules ui-sdl, audio-pa; install qemu-system-gui; "
                        + "the evdev input reads /dev/input/event7, which does not exist on this host; SPICE TLS needs "
                        + "ca-cert.pem, server-cert.pem, server-key.pem in /etc/pki/libvirt-spice, which are missing.");
    }

    @Test
    void openGlNeedsARenderNode() {
        Host host = new Host();
        String gl = "<graphics type='vnc'/><graphics type='egl-headless'/><video><model type='virtio'>"
                + "<acceleration accel3d='yes'/></model></video>";
        assertThatThrownBy(() -> DisplayHostChecks.beforeStart(def(gl), host))
                .hasMessageContaining("OpenGL rendering needs a GPU render node (/dev/dri/renderD*)");
        host.renderNodes = List.of(Path.of("/dev/dri/renderD128"));
        assertThatCode(() -> DisplayHostChecks.beforeStart(def(gl), host)).doesNotThrowAnyException();
    }

    @Test
    void tlsCharacterDevicesAndEmulatedSmartcardsNeedTheirFiles() {
        Host host = new Host();
        assertThatThrownBy(() -> DisplayHostChecks.beforeStart(def("<serial type='tcp'><source mode='connect' "
                + "host='h' service='9' tls='yes'/></serial><smartcard mode='host'/>"), host))
                .hasMessage("domain 'd' cannot start: character device TLS needs ca-cert.pem, client-cert.pem, "
                        + "client-key.pem in /etc/pki/qemu, which are missing; its smartcard emulates a card from the "
                        + "NSS database /etc/pki/nssdb, which does not exist (create it with certutil -N -d "
                        + "sql:/etc/pki/nssdb).");
    }

    @Test
    void anotherQemuIsLeftToSayWhatItLacks() {
        assertThatCode(() -> DisplayHostChecks.beforeStart(def("<emulator>/opt/qemu/bin/qemu-system-x86_64</emulator>"
                + "<graphics type='sdl'/>"), new Host())).doesNotThrowAnyException();
    }

    @Test
    void vhostUserGpuIsRefused() {
        assertThatThrownBy(() -> DisplayHostChecks.beforeStart(def("<video><driver name='vhostuser'/><model "
                + "type='virtio'/></video>"), new Host()))
                .hasMessageContaining("a vhost-user-gpu process jvirt does not run");
    }
}
