package io.jvirt.cli.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.cli.Main;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** virsh's argument forms (named positionals, options by position) become jvirt's; URIs for -c. */
class VirshArgumentsTest {

    static List<String> forms(String... args) {
        CommandLine cl = Main.commandLine(args);
        return List.of(Main.virshForms(cl, args));
    }

    @Test
    void namedPositionalsGoToTheirPlaceInAnyOrder() {
        assertThat(forms("setmem", "--size", "1G", "--domain", "vm", "--live"))
                .containsExactly("setmem", "--live", "--", "vm", "1G");
        assertThat(forms("snapshot-create-as", "--domain", "vm", "--name", "s1", "--disk-only"))
                .containsExactly("snapshot-create-as", "--name", "s1", "--disk-only", "--", "vm");
        assertThat(forms("snapshot-revert", "vm", "--snapshotname=s1"))
                .containsExactly("snapshot-revert", "--", "vm", "s1");
        assertThat(forms("dominfo", "--domain", "web1")).containsExactly("dominfo", "--", "web1");
        assertThat(forms("vol-create-as", "--pool", "default", "--name", "v1", "--capacity", "1G", "--format", "qcow2"))
                .containsExactly("vol-create-as", "--format", "qcow2", "--", "default", "v1", "1G");
    }

    @Test
    void optionsGivenByPositionGetTheirNames() {
        assertThat(forms("attach-disk", "vm", "/img/a.qcow2", "vdb", "virtio", "--config"))
                .containsExactly("attach-disk", "--config", "--targetbus", "virtio", "--", "vm", "/img/a.qcow2", "vdb");
        assertThat(forms("detach-interface", "vm", "network", "52:54:00:12:34:56", "--config"))
                .containsExactly("detach-interface", "--config", "--mac", "52:54:00:12:34:56", "--", "vm", "network");
    }

    @Test
    void jvirtsOwnFormsAndVarargsAreLeftAlone() {
        String[] plain = {"attach-disk", "vm", "/img/a.qcow2", "vdb", "--subdriver", "qcow2", "--live"};
        assertThat(forms(plain)).containsExactly(plain);
        String[] keys = {"send-key", "vm", "KEY_LEFTCTRL", "KEY_C"};
        assertThat(forms(keys)).containsExactly(keys);
        String[] unknown = {"list", "--bogus"};
        assertThat(forms(unknown)).containsExactly(unknown);
        // a named positional after a missing one is left for picocli to report
        String[] gap = {"snapshot-revert", "--snapshotname", "s1"};
        assertThat(forms(gap)).containsExactly(gap);
    }

    /**
     * Every jvirt verb's positional parameters are virsh's positional options in virsh's order,
     * so that the named forms land where virsh would put them.
     */
    @Test
    void jvirtsPositionalsAreVirshsInOrder() {
        Map<String, String> same = Map.of("snapshot", "snapshotname");
        List<String> mismatches = new ArrayList<>();
        for (String verb : Main.verbs()) {
            CommandLine cl = Main.commandLine(new String[] {verb});
            CommandLine sub = cl.getSubcommands().get(verb);
            if (sub == null) {
                continue;
            }
            CommandSpec spec = sub.getCommandSpec();
            List<String> names = VirshArguments.positionals(verb);
            List<PositionalParamSpec> slots = spec.positionalParameters();
            for (int i = 0; i < slots.size() && i < names.size(); i++) {
                String label = slots.get(i).paramLabel().replaceAll("[\\[\\].<>]", "").toLowerCase(Locale.ROOT);
                String expected = same.getOrDefault(label, label);
                boolean xml = label.equals("xmlfile") && names.get(i).equals("xml"); // save-image-define
                if (!expected.equals(names.get(i)) && !xml) {
                    mismatches.add(verb + ": " + label + " vs virsh's " + names.get(i));
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void connectTakesLibvirtsLocalUris() {
        assertThat(ConnectionOptions.parse("qemu:///system", "-c")).isNull();
        assertThat(ConnectionOptions.parse("qemu:///session", "-c")).isNull();
        assertThat(ConnectionOptions.parse("qemu+unix:///system?socket=/run/x.sock", "-c"))
                .isEqualTo(Path.of("/run/x.sock"));
        assertThat(ConnectionOptions.parse("/tmp/j.sock", "-c")).isEqualTo(Path.of("/tmp/j.sock"));
        assertThatThrownBy(() -> ConnectionOptions.parse("qemu+ssh://root@host/system", "-c"))
                .hasMessageContaining("names another host or another hypervisor driver");
        assertThatThrownBy(() -> ConnectionOptions.parse("lxc:///system", "-c"))
                .hasMessageContaining("jvirt connects to the jvirtd of this host");
        assertThat(new ConnectionOptions("qemu:///system").isDefault()).isTrue();
    }
}
