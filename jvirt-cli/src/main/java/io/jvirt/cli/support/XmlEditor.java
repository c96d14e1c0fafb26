package io.jvirt.cli.support;

import io.jvirt.api.ErrorCode;
import io.jvirt.client.JvirtClientException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code edit}, {@code net-edit} and {@code pool-edit} loop: writes a definition to a
 * temporary file, opens it in the user's editor, and redefines the object when the text
 * changed. An edit the daemon refuses changes nothing, and the edited file is kept, named in
 * the error, so no work is lost.
 */
public final class XmlEditor {
    private final List<String> editor;

    /** An editor run as {@code editor... FILE}. */
    public XmlEditor(List<String> editor) {
        if (editor.isEmpty()) {
            throw new IllegalArgumentException("no editor command");
        }
        this.editor = List.copyOf(editor);
    }

    /** The editor the user chose: {@code $VISUAL}, else {@code $EDITOR}, else {@code vi}. */
    public static XmlEditor fromEnvironment() {
        String e = firstSet(System.getenv("VISUAL"), System.getenv("EDITOR"));
        return new XmlEditor(List.of((e == null ? "vi" : e).trim().split("\\s+")));
    }

    /** What an edit came to. */
    public sealed interface Outcome<T> {
    }

    /** The user saved the text unchanged (or did not save): nothing was redefined. */
    public record Unchanged<T>() implements Outcome<T> {
    }

    /** The edited text was accepted; {@code value} is what the redefinition answered. */
    public record Changed<T>(T value) implements Outcome<T> {
    }

    /**
     * Lets the user edit {@code before} and hands a changed text to {@code redefine}.
     *
     * @throws JvirtClientException when the editor fails or the daemon refuses the edit
     */
    public <T> Outcome<T> edit(String before, Function<String, T> redefine) throws IOException, InterruptedException {
        Path tmp = Files.createTempFile("jvirt-edit-", ".xml");
        Files.writeString(tmp, before, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(editor);
        cmd.add(tmp.toString());
        int rc = new ProcessBuilder(cmd).inheritIO().redirectInput(tty()).start().waitFor();
        if (rc != 0) {
            Files.deleteIfExists(tmp);
            throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT, "The editor '" + String.join(" ", editor)
                    + "' exited with status " + rc + "; the definition was not changed.");
        }
        String after = Files.readString(tmp, StandardCharsets.UTF_8);
        if (after.equals(before)) {
            Files.deleteIfExists(tmp);
            return new Unchanged<>();
        }
        T value;
        try {
            value = redefine.apply(after);
        } catch (JvirtClientException e) {
            throw new JvirtClientException(e.code(), e.getMessage() + " The definition was not changed; your edit is kept in "
                    + tmp + ".");
        }
        Files.deleteIfExists(tmp);
        return new Changed<>(value);
    }

    private static ProcessBuilder.Redirect tty() {
        File t = new File("/dev/tty");
        return System.console() != null && t.exists() ? ProcessBuilder.Redirect.from(t) : ProcessBuilder.Redirect.INHERIT;
    }

    private static String firstSet(String... v) {
        for (String s : v) {
            if (s != null && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }
}
