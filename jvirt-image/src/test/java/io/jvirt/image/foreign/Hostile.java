package io.jvirt.image.foreign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jvirt.image.Extent;
import io.jvirt.image.ImageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/** Builds damaged copies of valid images and checks how the readers reject them. */
public final class Hostile {

    private Hostile() {
    }

    /** Writes a copy of {@code valid} named {@code name}, edited through a buffer of the given order. */
    public static Path patch(Path valid, String name, ByteOrder order, Consumer<ByteBuffer> edit) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(valid)).order(order);
            edit.accept(b);
            return Files.write(valid.resolveSibling(name), b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the first {@code size} bytes of {@code valid} to a file named {@code name}. */
    public static Path truncate(Path valid, String name, long size) {
        try {
            byte[] all = Files.readAllBytes(valid);
            return Files.write(valid.resolveSibling(name), Arrays.copyOf(all, (int) size));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the image and reads all of it and its whole allocation map. */
    public static void readEverything(Path image) {
        try (ForeignImage img = ForeignFormats.open(image)) {
            byte[] buf = new byte[1 << 20];
            for (long pos = 0; pos < img.virtualSize(); pos += buf.length) {
                img.read(pos, buf, 0, buf.length);
            }
            for (long pos = 0; pos < img.virtualSize(); ) {
                Extent e = img.status(pos, Long.MAX_VALUE);
                pos = e.end();
            }
        }
    }

    /**
     * Asserts that opening and reading the image fails with {@code kind} and a message that
     * names the file, is one sentence, and contains every fragment.
     *
     * @return the exception, for further checks
     */
    public static ImageException assertRejected(Path image, ImageException.Kind kind, String... fragments) {
        Throwable thrown = catchThrowable(() -> readEverything(image));
        assertThat(thrown).as("reading %s", image).isInstanceOf(ImageException.class);
        ImageException e = (ImageException) thrown;
        assertThat(e.kind()).as("kind of: %s", e.getMessage()).isEqualTo(kind);
        assertThat(e.path()).isEqualTo(image);
        assertThat(e.getMessage()).startsWith("image " + image + " ").endsWith(".");
        for (String fragment : fragments) {
            assertThat(e.getMessage()).contains(fragment);
        }
        return e;
    }
}
