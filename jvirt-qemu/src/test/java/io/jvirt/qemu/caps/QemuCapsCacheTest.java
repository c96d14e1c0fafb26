package io.jvirt.qemu.caps;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QemuCapsCacheTest {
    @TempDir
    Path tmp;

    private static QemuCaps caps(String emulator, String version) {
        return new QemuCaps(emulator, version, "", "x86_64",
                List.of(new QemuCaps.Machine("pc-q35-7.2", "q35", 288, false, false)),
                List.of(new QemuCaps.CpuModel("qemu64", true, false, "unknown", List.of("fpu"))), List.of("fpu"),
                List.of("virtio-blk-pci", "iothread"), List.of("tpm-tis"), List.of("emulator"), true, false, false,
                List.of("none"), List.of("fpu", "vmx"));
    }

    @Test
    void probesOncePerBinaryVersionAndKeepsTheAnswerOnDisk() throws Exception {
        Path bin = tmp.resolve("qemu-system-x86_64");
        Files.writeString(bin, "#!/bin/sh\n");
        AtomicInteger probes = new AtomicInteger();
        QemuCapsCache.Prober prober = (e, dir) -> caps(e.toString(), "7.2." + probes.incrementAndGet());
        Path dir = tmp.resolve("caps");

        QemuCaps first = new QemuCapsCache(dir, prober).get(bin);
        assertThat(first.version()).isEqualTo("7.2.1");
        assertThat(first.hasType("iothread")).isTrue();
        assertThat(first.hasType("nope")).isFalse();
        assertThat(new QemuCapsCache(dir, prober).get(bin)).as("a new daemon reads the file").isEqualTo(first);
        assertThat(probes).hasValue(1);

        Files.setLastModifiedTime(bin, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(new QemuCapsCache(dir, prober).get(bin).version()).as("an upgraded binary is probed again")
                .isEqualTo("7.2.2");
    }

    @Test
    void aDamagedCacheFileIsProbedAgain() throws Exception {
        Path bin = tmp.resolve("qemu-system-x86_64");
        Files.writeString(bin, "x");
        Path dir = tmp.resolve("caps");
        QemuCapsCache.Prober prober = (e, d) -> caps(e.toString(), "7.2.0");
        new QemuCapsCache(dir, prober).get(bin);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.writeString(f, "{ not json");
            }
        }
        assertThat(new QemuCapsCache(dir, prober).get(bin).version()).isEqualTo("7.2.0");
    }

    @Test
    void aMissingBinaryIsASentence() {
        QemuCapsCache cache = new QemuCapsCache(tmp, (e, d) -> {
            throw new AssertionError("not probed");
        });
        assertThatThrownBy(() -> cache.get(tmp.resolve("qemu-system-nope")))
                .isInstanceOf(QemuCapsException.class).hasMessageContaining("cannot be read")
                .hasMessageEndingWith("or name another binary.");
    }
}
