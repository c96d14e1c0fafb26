package io.jvirt.daemon.domain;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.daemon.DaemonException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The start checks against a fake host: each missing piece is named with what to do, all at once. */
class StartChecksTest {

    private final Set<String> programs = new HashSet<>(Set.of("swtpm", "swtpm_setup", "/usr/lib/qemu/virtiofsd",
            "block-curl", "block-iscsi"));
    private final Set<String> listening = new HashSet<>();

    private final StartChecks.Host host = new StartChecks.Host() {
        @Override
        public boolean hasProgram(String program) {
            return programs.contains(program);
        }

        @Override
        public boolean exists(Path path) {
            return false;
        }

        @Override
        public String pciDriver(String pciName) {
            return null;
        }

        @Override
        public boolean listensUnix(Path socket) {
            return listening.contains(socket.toString());
        }

        @Override
        public boolean hasQemuBlockModule(String module) {
            return programs.contains(module);
        }

        @Override
        public boolean listensTcp(String h, int port) {
            return listening.contains(h + ":" + port);
        }
    };

    private static DomainDef def(String devices) {
        return DomainXml.parse("<domain type='kvm'><name>vm</name><memory unit='MiB'>64</memory>"
                + "<os><type>hvm</type></os><devices>" + devices + "</devices></domain>");
    }

    private void check(DomainDef def) {
        StartChecks.check(def, host, fs -> "/usr/lib/qemu/virtiofsd");
    }

    private static final String TPM = "<tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>";
    private static final String SHARE = "<filesystem type='mount'><driver type='virtiofs'/>"
            + "<source dir='/srv/s'/><target dir='s'/></filesystem>";
    private static final String NBD = "<disk type='network' device='disk'><source protocol='nbd' name='e'>"
            + "<host transport='unix' socket='/run/nbd.sock'/></source><target dev='vda'/></disk>";

    @Test
    void anInstalledHostPasses() {
        listening.add("/run/nbd.sock");
        assertThatCode(() -> check(def(TPM + SHARE + NBD))).doesNotThrowAnyException();
    }

    @Test
    void missingProgramsAndServersAreNamedTogether() {
        programs.clear();
        assertThatThrownBy(() -> check(def(TPM + SHARE + NBD)))
                .isInstanceOfSatisfying(DaemonException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.code()).isEqualTo(ErrorCode.HOST_RESOURCE))
                .hasMessage("domain 'vm' cannot start: no NBD server is reachable at /run/nbd.sock for disk vda; "
                        + "start it (for example qemu-nbd) or fix its <host>; the virtiofs share 's' needs virtiofsd "
                        + "(/usr/lib/qemu/virtiofsd), which is not installed; install Debian's qemu-system-common "
                        + "package (or the virtiofsd package) or name another with <binary path>; its emulated TPM "
                        + "needs swtpm and swtpm_setup, which are not installed; install Debian's swtpm and "
                        + "swtpm-tools packages.");
    }

    @Test
    void aProtocolWhoseQemuModuleIsMissingNamesThePackage() {
        programs.remove("block-curl");
        assertThatThrownBy(() -> check(def("""
                <disk type='network' device='cdrom'><source protocol='https' name='/a.iso'>
                  <host name='example.org'/></source><target dev='sda' bus='sata'/></disk>""")))
                .isInstanceOf(DaemonException.class)
                .hasMessage("domain 'vm' cannot start: disk sda uses the https protocol, whose QEMU driver "
                        + "(block-curl) is not installed; install Debian's qemu-block-extra package.");
    }

    @Test
    void secretsAreRefusedUntilJvirtHasASecretStore() {
        listening.add("example.org:3260");
        assertThatThrownBy(() -> check(def("""
                <disk type='network' device='disk'>
                  <source protocol='iscsi' name='iqn.1992-01.com.example/1'>
                    <host name='example.org'/>
                    <auth username='me'><secret type='iscsi' usage='mysecret'/></auth>
                  </source><target dev='vda'/></disk>
                <tpm><backend type='emulator' version='2.0'>
                  <encryption secret='6ba7b810-9dad-11d1-80b4-00c04fd430c8'/></backend></tpm>""")))
                .isInstanceOf(DaemonException.class)
                .hasMessageContaining("disk vda logs in with the secret with usage 'mysecret', and jvirt cannot "
                        + "resolve secrets yet (it has no secret store)")
                .hasMessageContaining("its TPM state is encrypted with secret with UUID "
                        + "6ba7b810-9dad-11d1-80b4-00c04fd430c8, and jvirt cannot resolve secrets yet");
    }

    @Test
    void hostDevicesMustExist() {
        assertThatThrownBy(() -> check(def("""
                <disk type='nvme' device='disk'><source type='pci' managed='yes' namespace='1'>
                  <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source>
                  <target dev='vda' bus='virtio'/></disk>
                <tpm model='tpm-tis'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>""")))
                .isInstanceOf(DaemonException.class)
                .hasMessage("domain 'vm' cannot start: disk vda uses the NVMe controller 0000:01:00.0, which this "
                        + "host does not have; see lspci -D; its TPM passes through /dev/tpm0, which this host does "
                        + "not have.");
    }
}
