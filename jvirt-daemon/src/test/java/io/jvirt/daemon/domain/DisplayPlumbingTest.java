package io.jvirt.daemon.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.qmp.DisplayPorts;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The displays' part of a start with a fake port probe and fake networks. */
class DisplayPlumbingTest {

    private final Set<Integer> busy = new HashSet<>();
    private final DisplayPlumbing plumbing = new DisplayPlumbing((host, port) -> !busy.contains(port));

    private static DomainDef def(String graphics) {
        return DomainXml.parse("<domain type='qemu'><name>d</name><memory unit='MiB'>64</memory>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>" + graphics + "</devices></domain>");
    }

    private static GraphicsDef.Spice spice(DomainDef d) {
        return (GraphicsDef.Spice) d.devices().graphics().stream().filter(g -> g instanceof GraphicsDef.Spice)
                .findFirst().orElseThrow();
    }

    @Test
    void spiceAutoportSkipsBusyAndReservedPorts() {
        busy.add(5900);
        DomainDef a = plumbing.prepare("a", def("<graphics type='spice' autoport='yes'/>"), Path.of("/run/a"));
        DomainDef b = plumbing.prepare("b", def("<graphics type='spice' autoport='yes' tlsPort='-1'/>"), Path.of("/run/b"));
        assertThat(spice(a).port()).isEqualTo(5901);
        assertThat(spice(a).tlsPort()).isNull();
        assertThat(spice(a).listen().address()).isEqualTo("127.0.0.1");
        assertThat(spice(b).port()).isEqualTo(5902);
        assertThat(spice(b).tlsPort()).isEqualTo(5903);
        plumbing.release("a");
        DomainDef c = plumbing.prepare("c", def("<graphics type='spice' autoport='yes'/>"), Path.of("/run/c"));
        assertThat(spice(c).port()).isEqualTo(5901);
    }

    @Test
    void listensGetTheirAddressSocketAndNetwork() {
        plumbing.setNetworks((network, what) -> {
            assertThat(what).isEqualTo("The VNC display of domain 'd'");
            return "192.168.77.1";
        });
        DomainDef d = plumbing.prepare("d", def("<graphics type='vnc'><listen type='network' network='n'/></graphics>"
                + "<graphics type='spice' autoport='no'><listen type='socket'/></graphics>"), Path.of("/run/d"));
        GraphicsDef.Vnc vnc = (GraphicsDef.Vnc) d.devices().graphics().getFirst();
        assertThat(vnc.listen()).isEqualTo(new GraphicsDef.Listen(GraphicsDef.Listen.Type.NETWORK, "192.168.77.1",
                "n", null));
        assertThat(spice(d).listen().socket()).isEqualTo("/run/d/spice.sock");
        // the live XML shows the address, as libvirt's does while the domain runs
        assertThat(DomainXml.format(d, Secrets.INCLUDE)).contains("<graphics type='vnc' port='-1' autoport='yes' listen='192.168.77.1'>");
    }

    @Test
    void aListenNetworkWithoutTheNetworkDriverIsRefusedAndNothingStaysReserved() {
        assertThatThrownBy(() -> plumbing.prepare("d", def("<graphics type='spice' autoport='yes'/>"
                + "<graphics type='vnc'><listen type='network' network='n'/></graphics>"), Path.of("/run/d")))
                .isInstanceOf(DaemonException.class)
                .hasMessage("The VNC display of domain 'd' listens on network 'n', but this daemon runs without networks.");
        DomainDef again = plumbing.prepare("e", def("<graphics type='spice' autoport='yes'/>"), Path.of("/run/e"));
        assertThat(spice(again).port()).isEqualTo(5900);
    }

    @Test
    void thePortsQemuReportsReplaceTheAutomaticOnes() {
        DomainDef d = def("<graphics type='vnc' port='-1' autoport='yes' websocket='-1'/><graphics type='spice' "
                + "autoport='yes'/><graphics type='egl-headless'/>");
        DomainDef shown = DisplayPlumbing.withPorts(d, new DisplayPorts(5905, 5705, 5911, null));
        assertThat(DomainXml.format(shown, Secrets.INCLUDE)).contains("<graphics type='vnc' port='5905' autoport='yes' websocket='5705'>")
                .contains("<graphics type='spice' port='5911' autoport='yes'>");
        assertThat(DisplayPlumbing.withPorts(d, DisplayPorts.NONE)).isSameAs(d);
    }
}
