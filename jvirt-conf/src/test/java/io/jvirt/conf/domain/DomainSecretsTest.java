package io.jvirt.conf.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.common.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The formatter without secrets, as libvirt's without {@code VIR_DOMAIN_DEF_FORMAT_SECURE}:
 * the {@code passwd} attribute is left out and nothing else changes. {@code
 * NAME.public.xml} is the expected output for {@code NAME.xml} (run with {@code
 * -Djvirt.regen=true} to rewrite it); every other case is checked against its full output.
 */
class DomainSecretsTest {

    private static final Path DIR = DomainRoundTripTest.DIR;

    @Test
    void withoutSecretsTheVncPasswordIsLeftOutAndTheRestIsUnchanged() throws IOException {
        DomainDef def = DomainXml.parse(Files.readString(DIR.resolve("vnc-secrets.xml")), new Random(42));
        String shown = DomainXml.format(def, Secrets.OMIT);
        Path golden = DIR.resolve("vnc-secrets.public.xml");
        if (Boolean.getBoolean("jvirt.regen")) {
            Files.writeString(golden, shown, StandardCharsets.UTF_8);
        }
        assertThat(shown).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        assertThat(DomainXml.format(def, Secrets.INCLUDE)).contains("passwd='p&amp;&lt;&apos;8'");
        // what a client saw parses again, without the password
        GraphicsDef.Vnc vnc = (GraphicsDef.Vnc) DomainXml.parse(shown).devices().graphics().getFirst();
        assertThat(vnc.passwd()).isNull();
        assertThat(vnc.keymap()).isEqualTo("de");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.jvirt.conf.domain.DomainRoundTripTest#cases")
    void noCaseShowsAPasswordWithoutSecrets(String name) throws IOException {
        DomainDef def = DomainXml.parse(Files.readString(DIR.resolve(name + ".xml")), new Random(42));
        String full = DomainXml.format(def, Secrets.INCLUDE);
        String shown = DomainXml.format(def, Secrets.OMIT);
        assertThat(shown).doesNotContain("passwd").doesNotContain("<auth").doesNotContain("<cookie");
        assertThat(shown).isEqualTo(full.replaceAll(" passwd='[^']*'", "")
                .replaceAll("(?s)\n *<auth [^\n]*>.*?</auth>", "")
                .replaceAll("(?s)\n *<cookies>.*?</cookies>", ""));
    }

    @Test
    void diskCredentialsAndCookiesAreSecrets() throws IOException {
        DomainDef def = DomainXml.parse(Files.readString(DIR.resolve("disks-libvirt.xml")), new Random(42));
        String full = DomainXml.format(def, Secrets.INCLUDE);
        assertThat(full).contains("<auth username='admin'>").contains("<cookie name='session'>xyz</cookie>");
        String shown = DomainXml.format(def, Secrets.OMIT);
        assertThat(shown).doesNotContain("admin").doesNotContain("libvirtiscsi").doesNotContain("xyz");
        // the encryption only names its secret: it stays
        assertThat(shown).contains("<secret type='passphrase' uuid='0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f'/>");
    }
}
