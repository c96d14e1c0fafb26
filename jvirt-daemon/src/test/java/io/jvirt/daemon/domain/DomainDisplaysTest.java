package io.jvirt.daemon.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.api.DomainDisplay;
import io.jvirt.api.ErrorCode;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.domain.GraphicsDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.host.HostFacts;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.daemon.store.RuntimeStore;
import io.jvirt.qemu.qmp.DisplayPorts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start with VNC and SPICE displays through {@link DomainService} with an in-memory QEMU:
 * the live definition shows the ports QEMU reports, a SPICE server with autoport gets a port
 * reserved for it, passwords go over QMP and leave the API only when asked for.
 */
class DomainDisplaysTest {
    @TempDir
    Path state;
    FakeQemu.Launcher launcher;
    DomainService domains;

    @BeforeEach
    void start() throws Exception {
        launcher = new FakeQemu.Launcher();
        domains = new DomainService(new DefinitionStore(state), new RuntimeStore(state), new EventBus(),
                HostFacts.read(), FakeQemu.TCG, "qemu-system-x86_64", launcher);
        domains.load();
    }

    @AfterEach
    void stop() throws Exception {
        domains.close();
    }

    private static String xml(String name, String graphics) {
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>" + graphics + "</devices></domain>";
    }

    private static final String BOTH = "<graphics type='vnc' port='-1' autoport='yes' passwd='vncpw'/>"
            + "<graphics type='spice' autoport='yes' passwd='spicepw'><listen type='address'/></graphics>";

    @Test
    void theLiveDefinitionShowsThePortsQemuListensOn() {
        launcher.displays = new DisplayPorts(5907, null, 5931, null);
        domains.execute(new DomainCommand.Define(xml("shown", BOTH)));
        domains.execute(new DomainCommand.Start("shown", false));
        FakeQemu q = launcher.last();

        String argv = String.join(" ", q.argv);
        // both automatic ports are the daemon's reservations (QEMU is not left to pick VNC's)
        assertThat(argv).containsPattern("-vnc 127\\.0\\.0\\.1:\\d+,password=on,audiodev=audio1").doesNotContain("to=");
        assertThat(argv).containsPattern("-spice port=59\\d\\d,addr=127\\.0\\.0\\.1,seamless-migration=on");
        assertThat(q.commands).containsSubsequence("query-displays", "set_password", "set_password", "cont");

        GraphicsDef.Vnc vnc = (GraphicsDef.Vnc) DomainXml.parse(domains.xml("shown", false, Secrets.OMIT)).devices()
                .graphics().get(0);
        GraphicsDef.Spice spice = (GraphicsDef.Spice) DomainXml.parse(domains.xml("shown", false, Secrets.OMIT))
                .devices().graphics().get(1);
        assertThat(vnc.port()).isEqualTo(5907);
        assertThat(vnc.listen().address()).isEqualTo("127.0.0.1");
        assertThat(vnc.passwd()).isNull();
        assertThat(spice.port()).isEqualTo(5931);
        // the persistent definition keeps asking for automatic ports
        assertThat(domains.xml("shown", true, Secrets.OMIT)).contains("<graphics type='vnc' port='-1' autoport='yes'>");

        List<DomainDisplay> shown = domains.displays("shown", Secrets.OMIT);
        assertThat(shown).containsExactly(
                new DomainDisplay("vnc", "127.0.0.1", 5907, null, null, null, null),
                new DomainDisplay("spice", "127.0.0.1", 5931, null, null, null, null));
        assertThat(domains.displays("shown", Secrets.INCLUDE)).extracting(DomainDisplay::password)
                .containsExactly("vncpw", "spicepw");
    }

    @Test
    void twoSpiceDisplaysStartingTogetherNeverGetTheSamePort() {
        domains.execute(new DomainCommand.Define(xml("one", "<graphics type='spice' autoport='yes'/>")));
        domains.execute(new DomainCommand.Define(xml("two", "<graphics type='spice' autoport='yes'/>")));
        domains.execute(new DomainCommand.Start("one", false));
        String first = spicePort(launcher.last());
        domains.execute(new DomainCommand.Start("two", false));
        String second = spicePort(launcher.last());
        assertThat(first).isNotEqualTo(second);

        domains.execute(new DomainCommand.Destroy("one"));
        domains.execute(new DomainCommand.Define(xml("three", "<graphics type='spice' autoport='yes'/>")));
        domains.execute(new DomainCommand.Start("three", false));
        assertThat(spicePort(launcher.last())).as("a destroyed domain's port is free again").isEqualTo(first);
    }

    private static String spicePort(FakeQemu q) {
        String spice = q.argv.get(q.argv.indexOf("-spice") + 1);
        return spice.substring(0, spice.indexOf(','));
    }

    @Test
    void aSocketDisplayGetsItsSocketInTheRunDirectory() {
        domains.execute(new DomainCommand.Define(xml("sock", "<graphics type='vnc'><listen type='socket'/></graphics>")));
        domains.execute(new DomainCommand.Start("sock", false));
        DomainDisplay d = domains.displays("sock", Secrets.OMIT).getFirst();
        assertThat(d.socket()).endsWith("/vnc.sock").startsWith(state.toString());
        assertThat(d.port()).isNull();
        assertThat(String.join(" ", launcher.last().argv)).contains("-vnc vnc=unix:" + d.socket());
    }

    @Test
    void displaysOfADomainThatIsNotRunningAreRefused() {
        domains.execute(new DomainCommand.Define(xml("off", BOTH)));
        assertThatThrownBy(() -> domains.displays("off", Secrets.OMIT))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessage("Domain 'off' is not running.");
    }

    @Test
    void sdlGetsItsDisplayInQemusEnvironment() {
        domains.execute(new DomainCommand.Define(xml("sdl", "<graphics type='sdl' display=':3' xauth='/tmp/xa'/>")));
        // Debian's QEMU has SDL in qemu-system-gui: where that is missing the start says so
        try {
            domains.execute(new DomainCommand.Start("sdl", false));
            assertThat(launcher.last().env).containsEntry("DISPLAY", ":3").containsEntry("XAUTHORITY", "/tmp/xa");
        } catch (DaemonException e) {
            assertThat(e.getMessage()).contains("ui-sdl").contains("install qemu-system-gui");
        }
    }
}
