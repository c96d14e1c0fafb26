package io.jvirt.daemon.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionStoreTest {
    @TempDir
    Path state;

    @Test
    void savedDefinitionsReachTheirFilesAndSurviveReopen() throws Exception {
        try (DefinitionStore s = new DefinitionStore(state)) {
            s.save("a", "<domain>a</domain>");
            s.save("b", "<domain>b</domain>");
            s.save("a", "<domain>a2</domain>");
            s.delete("b");
        }
        assertThat(Files.readString(state.resolve("domains/a.xml"))).isEqualTo("<domain>a2</domain>");
        assertThat(state.resolve("domains/b.xml")).doesNotExist();
        assertThat(Files.size(state.resolve("domains.journal"))).isZero();
        try (DefinitionStore s = new DefinitionStore(state)) {
            assertThat(s.loadAll()).containsOnlyKeys("a");
        }
    }

    @Test
    void filesFollowTheJournalWhileOpen() throws Exception {
        try (DefinitionStore s = new DefinitionStore(state)) {
            s.save("w", "<domain>w</domain>");
            s.awaitWritten();
            assertThat(Files.readString(state.resolve("domains/w.xml"))).isEqualTo("<domain>w</domain>");
            s.delete("w");
            s.awaitWritten();
            assertThat(state.resolve("domains/w.xml")).doesNotExist();
        }
    }

    @Test
    void journalIsReplayedWhenFilesWereNeverWritten() throws Exception {
        // a crash after the journal write but before the background file write
        Files.createDirectories(state);
        try (DefinitionJournal j = new DefinitionJournal(state.resolve("domains.journal"))) {
            j.append(DefinitionJournal.Op.PUT, "lost", "<domain>lost</domain>");
            j.append(DefinitionJournal.Op.PUT, "gone", "<domain>gone</domain>");
            j.append(DefinitionJournal.Op.DELETE, "gone", "");
        }
        try (DefinitionStore s = new DefinitionStore(state)) {
            assertThat(s.loadAll()).containsOnlyKeys("lost");
            assertThat(s.loadAll().get("lost")).isEqualTo("<domain>lost</domain>");
        }
    }

    @Test
    void tornJournalTailIsIgnored() throws Exception {
        Files.createDirectories(state);
        Path jf = state.resolve("domains.journal");
        try (DefinitionJournal j = new DefinitionJournal(jf)) {
            j.append(DefinitionJournal.Op.PUT, "ok", "<domain>ok</domain>");
            j.append(DefinitionJournal.Op.PUT, "torn", "<domain>torn</domain>");
        }
        try (FileChannel ch = FileChannel.open(jf, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(jf) - 5);
        }
        try (DefinitionJournal j = new DefinitionJournal(jf)) {
            assertThat(j.replay()).extracting(DefinitionJournal.Entry::name).containsExactly("ok");
        }
    }

    @Test
    void concurrentSavesAreAllDurable() throws Exception {
        try (DefinitionStore s = new DefinitionStore(state)) {
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int base = t * 50;
                ts.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 50; i++) {
                        try {
                            s.save("d" + (base + i), "<domain>" + (base + i) + "</domain>");
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
        }
        try (DefinitionStore s = new DefinitionStore(state)) {
            assertThat(s.loadAll()).hasSize(400);
        }
    }

    @Test
    void namesCannotEscapeTheDirectory() throws Exception {
        try (DefinitionStore s = new DefinitionStore(state)) {
            assertThatThrownBy(() -> s.save("../evil", "x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.save("a/b", "x")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(state.resolve("evil.xml")).doesNotExist();
        assertThat(Files.size(state.resolve("domains.journal"))).isZero();
    }
}
