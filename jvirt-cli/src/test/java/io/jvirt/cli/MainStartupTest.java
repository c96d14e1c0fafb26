package io.jvirt.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up shortcuts {@link Main} takes before a client verb runs. */
class MainStartupTest {
    private static final String PROPERTY = "java.nio.channels.spi.SelectorProvider";

    @AfterEach
    void clear() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void namedSelectorProviderIsOneTheJdkCanMakeAndUse(@TempDir Path dir) throws Exception {
        System.clearProperty(PROPERTY);
        Main.directSelectorProvider();
        String name = System.getProperty(PROPERTY);
        assertThat(name).as("this JDK's Linux provider is found").isNotNull();
        // a JVM started with the property, as the CLI's is, makes the provider and opens a
        // UNIX socket channel through it
        Path probe = dir.resolve("Probe.java");
        Files.writeString(probe, """
                public class Probe {
                    public static void main(String[] a) throws Exception {
                        try (var ch = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                            System.out.print(java.nio.channels.spi.SelectorProvider.provider().getClass().getName());
                        }
                    }
                }
                """);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-D" + PROPERTY + "=" + name, probe.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo(name);
    }

    @Test
    void onlyTheVerbAndImgSubcommandBeingRunAreBuilt() {
        var run = Main.commandLine(new String[]{"img", "info", "x.qcow2"});
        assertThat(run.getSubcommands()).containsOnlyKeys("img");
        assertThat(run.getSubcommands().get("img").getSubcommands()).containsOnlyKeys("info");
        // help and unknown subcommands see them all
        assertThat(Main.commandLine(new String[]{"img", "--help"}).getSubcommands().get("img").getSubcommands())
                .containsKeys("create", "info", "check", "convert", "snapshot", "commit", "rebase", "resize",
                        "compare", "map", "measure");
        assertThat(Main.commandLine(new String[]{"img", "bogus"}).getSubcommands().get("img").getSubcommands())
                .hasSize(11);
        assertThat(Main.commandLine(new String[]{"--help"}).getSubcommands()).containsKeys("list", "img", "net-start");
    }

    @Test
    void anExplicitChoiceIsKept() {
        System.setProperty(PROPERTY, "some.other.Provider");
        Main.directSelectorProvider();
        assertThat(System.getProperty(PROPERTY)).isEqualTo("some.other.Provider");
    }
}
