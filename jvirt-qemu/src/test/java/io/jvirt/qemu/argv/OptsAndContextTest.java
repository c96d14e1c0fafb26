package io.jvirt.qemu.argv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.domain.DomainXml;
import io.jvirt.qemu.address.AddressAssigner;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptsAndContextTest {

    @Test
    void commasInValuesAreDoubled() {
        assertThat(Opts.of("file").add("id", "c0").add("path", "/a,b,,c").add("skip", (Object) null).toString())
                .isEqualTo("file,id=c0,path=/a,,b,,,,c");
        assertThat(Opts.empty().add("a", 1).onOff("b", true).onOff("c", null).toString()).isEqualTo("a=1,b=on");
    }

    @Test
    void contextDerivesRuntimePaths() {
        LaunchContext ctx = new LaunchContext(Path.of("/run/jvirt/vm"), Accel.KVM, "/usr/bin/qemu-system-x86_64");
        assertThat(ctx.qmpSocket()).isEqualTo(Path.of("/run/jvirt/vm/qmp.sock"));
        assertThat(ctx.pidFile()).isEqualTo(Path.of("/run/jvirt/vm/qemu.pid"));
        assertThat(ctx.consoleSocket()).isEqualTo(Path.of("/run/jvirt/vm/console.sock"));
        assertThat(ctx.consoleLog()).isEqualTo(Path.of("/run/jvirt/vm/console.log"));
        assertThatThrownBy(() -> new LaunchContext(Path.of("relative"), Accel.TCG, "qemu"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emulatorFromDefinitionWinsOverDefault() {
        String xml = "<domain type='kvm'><name>e</name><memory>65536</memory><vcpu>1</vcpu>"
                + "<os><type>hvm</type></os><devices><emulator>/opt/qemu/bin/qemu-system-x86_64</emulator>"
                + "</devices></domain>";
        List<String> argv = QemuArgv.build(AddressAssigner.assign(DomainXml.parse(xml)),
                new LaunchContext(Path.of("/run/x"), Accel.TCG, "/usr/bin/qemu-system-x86_64"));
        assertThat(argv.getFirst()).isEqualTo("/opt/qemu/bin/qemu-system-x86_64");
        assertThat(argv).contains("-S", "-no-user-config", "-nodefaults", "-display", "none");
        // a power-off always leaves QEMU waiting for the daemon; only on_reboot=destroy adds -no-reboot
        assertThat(argv).contains("-no-shutdown").doesNotContain("-no-reboot");
    }

    @Test
    void aDefinitionWithoutItsAddressesIsRefused() {
        String xml = "<domain type='kvm'><name>e</name><memory>65536</memory><vcpu>1</vcpu>"
                + "<os><type>hvm</type></os><devices><disk type='file'><source file='/a'/><target dev='vda'/></disk>"
                + "</devices></domain>";
        assertThatThrownBy(() -> QemuArgv.build(DomainXml.parse(xml),
                new LaunchContext(Path.of("/run/x"), Accel.TCG, "/usr/bin/qemu-system-x86_64")))
                .isInstanceOf(ArgvException.class)
                .hasMessageStartingWith("The definition was not given its addresses (the disk 'vda' has no address");
    }
}
