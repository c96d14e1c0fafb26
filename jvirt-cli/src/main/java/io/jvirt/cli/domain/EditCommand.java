package io.jvirt.cli.domain;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;
import io.jvirt.client.JvirtClientException;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jvirt edit DOMAIN}: opens the persistent definition in {@code $VISUAL}/{@code $EDITOR}
 * (default vi), and redefines the domain when the file changed. An invalid edit is refused
 * by the daemon's validation, the definition stays as it was, and the edited file is kept
 * so no work is lost.
 */
public final class EditCommand extends ClientVerb {
    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");

    public EditCommand() {
        super("edit", "Edit a domain's XML in $EDITOR and redefine it.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        String domain = this.domain.get();
        String before = client.xml(domain, true);
        Path tmp = Files.createTempFile("jvirt-edit-", ".xml");
        Files.writeString(tmp, before, StandardCharsets.UTF_8);
        String editor = firstSet(System.getenv("VISUAL"), System.getenv("EDITOR"), "vi");
        List<String> cmd = new ArrayList<>(List.of(editor.trim().split("\\s+")));
        cmd.add(tmp.toString());
        int rc = new ProcessBuilder(cmd).inheritIO().redirectInput(tty()).start().waitFor();
        if (rc != 0) {
            Files.deleteIfExists(tmp);
            throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT, "the editor '" + editor + "' exited with status "
                    + rc + "; the definition was not changed.");
        }
        String after = Files.readString(tmp, StandardCharsets.UTF_8);
        if (after.equals(before)) {
            Files.deleteIfExists(tmp);
            return report(client.info(domain), "Domain '" + domain + "' XML configuration not changed.");
        }
        DomainInfo info;
        try {
            info = client.define(after);
        } catch (JvirtClientException e) {
            throw new JvirtClientException(e.code(), e.getMessage() + " The definition was not changed; your edit is kept in "
                    + tmp + ".");
        }
        Files.deleteIfExists(tmp);
        return report(info, "Domain '" + info.name() + "' XML configuration edited.");
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
        return "vi";
    }
}
