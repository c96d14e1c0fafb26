package io.jvirt.image.cloudinit;

import io.jvirt.image.cloudinit.CloudInitException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/** What a seed plan reads from outside: the files options name and a random password. A seam for tests. */
public interface SeedInputs {
    /** The whole text of a file an option names. */
    String read(Path file);

    /** A new random password. */
    String newPassword();

    /** The host's files (UTF-8) and a {@link SecureRandom} password of 16 letters and digits. */
    static SeedInputs host() {
        return new SeedInputs() {
            private final SecureRandom random = new SecureRandom();

            @Override
            public String read(Path file) {
                try {
                    return Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    throw new CloudInitException(Kind.UNREADABLE_FILE, "The --cloud-init file " + file
                            + " cannot be read (" + e.getMessage() + "); check the path and its permissions.");
                }
            }

            @Override
            public String newPassword() {
                String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
                StringBuilder b = new StringBuilder(16);
                for (int i = 0; i < 16; i++) {
                    b.append(chars.charAt(random.nextInt(chars.length())));
                }
                return b.toString();
            }
        };
    }
}
