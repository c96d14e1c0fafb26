package io.jvirt.network.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.network.NetworkDef;
import io.jvirt.sys.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden outputs are also accepted by the real tools: {@code nft -c} checks each
 * script without applying it, and {@code dnsmasq --test} parses each configuration.
 */
class RenderValidityTest {

    static java.util.stream.Stream<String> cases() throws IOException {
        return RenderGoldenTest.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void nftAcceptsTheScript(String name) throws IOException {
        NetworkDef def = RenderGoldenTest.definition(name);
        if (!NftRuleset.needed(def)) {
            return;
        }
        // the script deletes its own table first; in check mode that table need not exist
        Command.Result r = Command.run(List.of("nft", "-c", "-f", "-"), NftRuleset.render(def), Duration.ofSeconds(10));
        assertThat(r.ok()).as(r.stderr()).isTrue();
        Command.Result create = Command.run(List.of("nft", "-c", "-f", "-"), NftRuleset.renderCreate(def),
                Duration.ofSeconds(10));
        assertThat(create.ok()).as(create.stderr()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void dnsmasqAcceptsTheConfig(String name, @TempDir Path dir) throws IOException {
        NetworkDef def = RenderGoldenTest.definition(name);
        if (!DnsmasqConfig.needed(def)) {
            return;
        }
        DnsmasqFiles files = DnsmasqFiles.inOneDirectory(dir);
        Files.writeString(files.conf(), DnsmasqConfig.render(def, files, RenderGoldenTest.USER));
        Command.Result r = Command.run(List.of("dnsmasq", "--test", "--conf-file=" + files.conf()), null,
                Duration.ofSeconds(10));
        assertThat(r.ok()).as(r.stderr() + r.stdout()).isTrue();
    }
}
