package io.jvirt.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * libosinfo's tree identification against the osinfo database Debian ships: every answer of the real
 * libosinfo 1.10 ({@code osinfo_db_identify_tree}, recorded by scripts/osinfo-tree-golden.py for
 * identities written after the database's own tree entries) is jvirt's answer too.
 */
class OsInfoTreesTest {
    private static final OsInfoTrees DB = OsInfoTrees.read(new OsInfoDb(OsInfoDb.DEFAULT_ROOT));

    @Test
    void everyIdentityGetsLibosinfosAnswer() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/install/osinfo-trees/libosinfo-identify.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(lines).hasSizeGreaterThan(300);
        List<String> wrong = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\\|", -1);
            OsInfoTrees.TreeIdentity id = new OsInfoTrees.TreeIdentity(v(f[0]), v(f[1]), v(f[2]), v(f[3]));
            String got = DB.identify(id);
            if (!String.valueOf(v(f[4])).equals(String.valueOf(got))) {
                wrong.add(line + " but jvirt says " + got);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void namesAreInVirtinstsOrder() {
        assertThat(DB.named("debian").stream().map(OsInfoTrees.Named::shortId).limit(3))
                .containsExactly("debian11", "debian10", "debian9");
        assertThat(DB.named("debian").getLast().shortId()).isEqualTo("debiantesting");
        assertThat(DB.known("fedora-unknown")).isTrue();
        assertThat(DB.known("fedora99")).isFalse();
    }

    private static String v(String s) {
        return s.equals("-") ? null : s;
    }
}
