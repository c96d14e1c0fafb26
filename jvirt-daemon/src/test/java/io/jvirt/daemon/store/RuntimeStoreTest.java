package io.jvirt.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running domain's record and live definition, as a restarted daemon finds them. */
class RuntimeStoreTest {
    @TempDir
    Path tmp;

    private final UUID uuid = UUID.randomUUID();
    private final RuntimeRecord record = new RuntimeRecord(4242, 17, 3, "tcg", null, false, null);

    @Test
    void aRestartedDaemonFindsTheLastLiveDefinitionAndRecord() throws Exception {
        RuntimeStore store = new RuntimeStore(tmp);
        store.prepare(uuid);
        store.save(uuid, record, "<domain>one</domain>");
        store.save(uuid, record, "<domain>two</domain>");
        RuntimeRecord paused = new RuntimeRecord(4242, 17, 3, "tcg", null, true, null);
        store.save(uuid, paused, "<domain>three</domain>");

        var found = new RuntimeStore(tmp).loadAll();

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.uuid()).isEqualTo(uuid);
            assertThat(f.record()).isEqualTo(paused);
            assertThat(f.liveXml()).isEqualTo("<domain>three</domain>");
        });
    }

    @Test
    void anUnchangedRecordIsNotWrittenAgainButAChangedOneIs() throws Exception {
        RuntimeStore store = new RuntimeStore(tmp);
        store.prepare(uuid);
        store.save(uuid, record, "<domain>one</domain>");
        Object first = fileKey(store.runDir(uuid).resolve("runtime.json"));

        store.save(uuid, record, "<domain>two</domain>");
        assertThat(fileKey(store.runDir(uuid).resolve("runtime.json"))).isEqualTo(first);

        store.save(uuid, new RuntimeRecord(4242, 17, 3, "tcg", null, true, null), "<domain>three</domain>");
        assertThat(fileKey(store.runDir(uuid).resolve("runtime.json"))).isNotEqualTo(first);
    }

    @Test
    void aRunDirectoryPreparedAgainGetsItsRecordEvenWhenItIsTheSame() throws Exception {
        RuntimeStore store = new RuntimeStore(tmp);
        store.prepare(uuid);
        store.save(uuid, record, "<domain>one</domain>");
        store.prepare(uuid);   // the domain started again: an empty run directory

        store.save(uuid, record, "<domain>two</domain>");

        assertThat(store.runDir(uuid).resolve("runtime.json")).exists();
        assertThat(new RuntimeStore(tmp).loadAll()).singleElement()
                .satisfies(f -> assertThat(f.record()).isEqualTo(record));
    }

    private static Object fileKey(Path p) throws Exception {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }
}
