package io.jvirt.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.storage.VolumeFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Volume names cannot reach outside their pool: bad names, '..', and symbolic link tricks. */
class VolumeNamesTest {

    @TempDir
    Path tmp;
    Path poolDir;
    Path outside;
    StoragePool pool;

    @BeforeEach
    void setUp() throws IOException {
        poolDir = tmp.resolve("pool");
        outside = tmp.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret"), "do not touch");
        pool = TestPools.dirPool("p", poolDir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/secret", "..", ".", ".hidden", "a/b", "/etc/passwd", "", "a\nb", "a\u0000b"})
    void badNamesAreRefusedEverywhere(String name) {
        assertThatThrownBy(() -> pool.createVolume(name, VolumeFormat.RAW, 1 << 20, 0L, null, false))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind())
                        .isIn(StorageException.Kind.INVALID_NAME));
        assertThatThrownBy(() -> pool.volume(name)).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.INVALID_NAME));
        assertThatThrownBy(() -> pool.deleteVolume(name)).isInstanceOf(StorageException.class);
        assertThat(outside.resolve("secret")).hasContent("do not touch");
    }

    @Test
    void messageNamesTheProblem() {
        assertThatThrownBy(() -> pool.volume("../outside/secret")).hasMessage(
                "The volume name '../outside/secret' must not contain '/'.");
        assertThatThrownBy(() -> pool.volume("..")).hasMessage("The volume name '..' must not start with '.'.");
    }

    @Test
    void symlinkToAFileOutsideIsNeverFollowed() throws Exception {
        Files.createSymbolicLink(poolDir.resolve("evil"), outside.resolve("secret"));
        for (ThrowingCall c : new ThrowingCall[] {
            () -> pool.volume("evil"),
            () -> {
                pool.deleteVolume("evil");
                return null;
            },
            () -> pool.wipeVolume("evil", TransferProgress.NONE),
            () -> pool.resizeVolume("evil", 1, Set.of(ResizeFlag.SHRINK)),
            () -> pool.upload("evil", new ByteArrayInputStream(new byte[10]), 0, -1, TransferProgress.NONE),
            () -> pool.download("evil", java.io.OutputStream.nullOutputStream(), 0, -1, TransferProgress.NONE),
            () -> pool.cloneVolume("evil", "copy", CloneMode.FULL, TransferProgress.NONE)}) {
            assertThatThrownBy(c::call).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.kind()).isEqualTo(StorageException.Kind.INVALID_NAME);
                assertThat(e.getMessage()).isEqualTo("The volume 'evil' of pool 'p' is a symbolic link, which jvirt "
                        + "does not follow out of a pool; replace it with a file.");
            });
        }
        assertThat(outside.resolve("secret")).hasContent("do not touch");
        assertThat(Files.isSymbolicLink(poolDir.resolve("evil"))).isTrue();
        assertThat(poolDir.resolve("copy")).doesNotExist();
        PoolRefresh r = pool.refresh();
        assertThat(r.volumes()).isEmpty();
        assertThat(r.skipped()).containsExactly(new PoolRefresh.Skipped("evil",
                "It is a symbolic link, which jvirt does not follow out of a pool."));
    }

    @Test
    void creatingOverADanglingSymlinkDoesNotWriteThroughIt() throws Exception {
        Path target = outside.resolve("created-by-link");
        Files.createSymbolicLink(poolDir.resolve("trap"), target);
        assertThatThrownBy(() -> pool.createVolume("trap", VolumeFormat.RAW, 1 << 20, null, null, false))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.EXISTS));
        assertThat(target).doesNotExist();
    }

    @Test
    void symlinkedSubdirectoryIsNotAVolume() throws Exception {
        Files.createSymbolicLink(poolDir.resolve("dir"), outside);
        assertThatThrownBy(() -> pool.volume("dir")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.INVALID_NAME));
        Files.createDirectory(poolDir.resolve("realdir"));
        assertThatThrownBy(() -> pool.volume("realdir")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.INVALID_ARGUMENT));
    }

    @Test
    void poolReachedThroughASymlinkWorksAndLookupStaysInside() throws Exception {
        Path link = tmp.resolve("link-to-pool");
        Files.createSymbolicLink(link, poolDir);
        StoragePool viaLink = TestPools.dirPool("l", link);
        VolumeInfo v = viaLink.createVolume("a.img", VolumeFormat.RAW, 1 << 20, 0L, null, false);
        assertThat(v.path()).isEqualTo(poolDir.toRealPath().resolve("a.img"));
        assertThat(viaLink.lookup(link.resolve("a.img").toString())).map(VolumeInfo::name).contains("a.img");
        assertThat(viaLink.lookup(outside.resolve("secret").toString())).isEmpty();
        assertThat(viaLink.lookup(poolDir.resolve("sub/../../outside/secret").toString())).isEmpty();
    }

    @Test
    void unknownVolume() {
        assertThatThrownBy(() -> pool.volume("nope")).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(StorageException.Kind.NOT_FOUND);
            assertThat(e.code()).isEqualTo("STORAGE_NOT_FOUND");
            assertThat(e.getMessage()).isEqualTo("Pool 'p' has no volume named 'nope'.");
        });
    }

    @FunctionalInterface
    interface ThrowingCall {
        Object call();
    }
}
