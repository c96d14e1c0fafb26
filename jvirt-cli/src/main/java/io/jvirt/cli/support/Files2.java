package io.jvirt.cli.support;

import io.jvirt.api.ErrorCode;
import io.jvirt.client.JvirtClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading the user's input files with messages that say which file and why. */
public final class Files2 {
    private static final long MAX_XML = 4L * 1024 * 1024;

    private Files2() {
    }

    /** Reads an XML definition file, or standard input for {@code -}. */
    public static String readXml(Path file) {
        try {
            if (file.toString().equals("-")) {
                return new String(System.in.readNBytes((int) MAX_XML), StandardCharsets.UTF_8);
            }
            if (Files.size(file) > MAX_XML) {
                throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT, file + " is larger than 4 MiB; it is not a domain definition.");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT, "file " + file + " does not exist.");
        } catch (IOException e) {
            throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT, "cannot read " + file + ": " + e.getMessage() + ".");
        }
    }
}
