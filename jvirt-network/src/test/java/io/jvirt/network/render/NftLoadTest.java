package io.jvirt.network.render;

import io.jvirt.conf.network.NetworkDef;
import io.jvirt.conf.network.NetworkXml;
import io.jvirt.sys.Command;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two ways a start loads a network's tables, against the real kernel in a throw-away
 * namespace: the create script makes complete tables and is refused, changing nothing, when a
 * table is left over; the replace script then swaps it for a fresh one.
 */
class NftLoadTest {
    @Test
    void createMakesFullTablesAndRefusesLeftoversWhichReplaceSwaps() {
        String ns = "jvnft" + ProcessHandle.current().pid();
        assertThat(Command.run(List.of("ip", "netns", "add", ns)).ok()).isTrue();
        try {
            NetworkDef def = NetworkXml.parse("<network><name>n</name><forward mode='nat'/><bridge name='jvnft0'/>"
                    + "<ip address='10.1.3.1' prefix='24'/></network>");
            assertThat(nft(ns, NftRuleset.renderCreate(def)).ok()).isTrue();
            String ruleset = exec(ns, "nft", "list", "ruleset").stdout();
            assertThat(ruleset).contains("table inet jvirt_jvnft0").contains("masquerade")
                    .contains("table bridge jvirt_jvnft0").contains("map vid_of");

            // a leftover: refused as a whole, nothing added twice
            Command.Result again = nft(ns, NftRuleset.renderCreate(def));
            assertThat(again.ok()).isFalse();
            assertThat(again.stderr()).contains("File exists");
            assertThat(exec(ns, "nft", "list", "ruleset").stdout()).isEqualTo(ruleset);

            // the replace script swaps a changed leftover for the definition's tables
            exec(ns, "nft", "add", "rule", "inet", "jvirt_jvnft0", "forward", "counter");
            assertThat(nft(ns, NftRuleset.render(def)).ok()).isTrue();
            assertThat(exec(ns, "nft", "list", "ruleset").stdout()).isEqualTo(ruleset);
        } finally {
            Command.run(List.of("ip", "netns", "del", ns));
        }
    }

    private static Command.Result nft(String ns, String script) {
        return Command.run(List.of("ip", "netns", "exec", ns, "nft", "-f", "-"), script, Duration.ofSeconds(10));
    }

    private static Command.Result exec(String ns, String... argv) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(argv));
        Command.Result r = Command.run(cmd);
        assertThat(r.ok()).as(r.stderr()).isTrue();
        return r;
    }
}
