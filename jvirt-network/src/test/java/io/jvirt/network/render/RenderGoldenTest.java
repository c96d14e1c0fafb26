package io.jvirt.network.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.network.NetworkDef;
import io.jvirt.conf.network.NetworkXml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per {@code render/NAME.xml}: the bridge plan, the nftables script and the
 * dnsmasq configuration with its hosts files must equal {@code NAME.bridge}, {@code
 * NAME.nft} and {@code NAME.dnsmasq}. Run with {@code -Djvirt.regen=true} to rewrite them.
 */
class RenderGoldenTest {
    static final Path DIR = Path.of("src/test/resources/render");
    static final DnsmasqFiles FILES = new DnsmasqFiles(Path.of("/var/lib/jvirt/networks-run/UUID"),
            Path.of("/run/jvirt/dnsmasq/DAEMON/UUID"), Path.of("/run/jvirt"));
    static final DnsmasqUser USER = new DnsmasqUser("nobody", "nogroup");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList().stream();
        }
    }

    static NetworkDef definition(String name) throws IOException {
        NetworkDef def = NetworkXml.parse(Files.readString(DIR.resolve(name + ".xml")), new Random(1));
        return def.bridgeName() == null && def.forwardMode().ownsBridge() ? def.withBridgeName("jvirtbr9") : def;
    }

    /** Every rendered output of a network, in one text per tool. */
    static String bridge(NetworkDef def) {
        return def.forwardMode().ownsBridge() ? BridgePlan.create(def).describe()
                : "# no bridge of its own\n";
    }

    static String dnsmasq(NetworkDef def) {
        if (!DnsmasqConfig.needed(def)) {
            return "# no dnsmasq\n";
        }
        return "## dnsmasq.conf\n" + DnsmasqConfig.render(def, FILES, USER) + "## dhcp-hosts\n" + DnsmasqConfig.dhcpHosts(def)
                + "## dns-hosts\n" + DnsmasqConfig.dnsHosts(def);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void golden(String name) throws IOException {
        NetworkDef def = definition(name);
        check(name + ".bridge", bridge(def));
        check(name + ".nft", NftRuleset.needed(def) ? NftRuleset.render(def) : "# no table\n");
        check(name + ".dnsmasq", dnsmasq(def));
    }

    /** The create script is the golden replace script with each table made new instead of swapped. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void createScriptIsTheReplaceScriptWithoutItsDeletes(String name) throws IOException {
        NetworkDef def = definition(name);
        String replace = NftRuleset.render(def);
        String expected = replace.lines()
                .filter(l -> !l.matches("(delete )?table (inet|bridge) \\S+"))
                .map(l -> l.matches("table (inet|bridge) \\S+ \\{")
                        ? "create " + l.substring(0, l.length() - 2) + "\n" + l : l)
                .map(l -> l + "\n")
                .collect(java.util.stream.Collectors.joining());
        assertThat(NftRuleset.renderCreate(def)).isEqualTo(expected);
        if (NftRuleset.needed(def)) {
            assertThat(NftRuleset.renderCreate(def)).contains("create table ").doesNotContain("delete table");
        }
    }

    private static void check(String file, String actual) throws IOException {
        Path golden = DIR.resolve(file);
        if (Boolean.getBoolean("jvirt.regen")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file; run with -Djvirt.regen=true to create it").exists();
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
