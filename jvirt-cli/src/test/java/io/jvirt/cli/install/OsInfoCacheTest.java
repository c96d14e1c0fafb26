package io.jvirt.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Look-ups through the cache give what the database gives, and never a stale entry. */
class OsInfoCacheTest {

    @TempDir
    Path dir;

    @Test
    void aCachedEntryEqualsTheDatabasesOwn() throws Exception {
        Path base = dir.resolve("cache");
        for (String id : new String[] {"linux2020", "debian11", "win11", "fedora36"}) {
            OsInfo direct = new OsInfoDb(OsInfoDb.DEFAULT_ROOT).lookup(id);
            OsInfo first = new OsInfoDb(OsInfoDb.DEFAULT_ROOT, base).lookup(id);
            OsInfo second = new OsInfoDb(OsInfoDb.DEFAULT_ROOT, base).lookup(id);
            assertThat(first).as(id).isEqualTo(direct);
            assertThat(second).as(id + " from the cache").isEqualTo(direct);
        }
        try (Stream<Path> s = Files.walk(base)) {
            assertThat(s.filter(p -> p.getFileName().toString().equals("linux2020")).count()).isEqualTo(1);
        }
        assertThat(new OsInfoDb(OsInfoDb.DEFAULT_ROOT, base).lookup("nosuchos42")).isNull();
    }

    @Test
    void anUpdatedDatabaseOrADamagedEntryIsReadAgain() throws Exception {
        Path root = dir.resolve("db");
        Path vendor = Files.createDirectories(root.resolve("os/example.org"));
        Path file = vendor.resolve("toy-1.xml");
        Files.writeString(file, entry("Toy 1"));
        Path base = dir.resolve("cache");
        assertThat(new OsInfoDb(root, base).lookup("toy1").name()).isEqualTo("Toy 1");

        Files.writeString(file, entry("Toy One"));
        Files.setLastModifiedTime(vendor, FileTime.fromMillis(Files.getLastModifiedTime(vendor).toMillis() + 5000));
        assertThat(new OsInfoDb(root, base).lookup("toy1").name()).as("a package update changes the key")
                .isEqualTo("Toy One");

        try (Stream<Path> s = Files.walk(base)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("toy1")).toList()) {
                Files.write(p, new byte[] {1, 2, 3});
            }
        }
        assertThat(new OsInfoDb(root, base).lookup("toy1").name()).as("a damaged entry is ignored")
                .isEqualTo("Toy One");
        assertThat(new OsInfoDb(root, null).lookup("toy1").name()).isEqualTo("Toy One");
    }

    private static String entry(String name) {
        return "<libosinfo version=\"0.0.1\"><os id=\"http://example.org/toy/1\"><short-id>toy1</short-id>"
                + "<name>" + name + "</name><family>linux</family></os></libosinfo>";
    }
}
