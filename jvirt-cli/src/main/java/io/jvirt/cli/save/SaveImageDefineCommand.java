package io.jvirt.cli.save;

import io.jvirt.cli.support.ClientVerb;
import io.jvirt.client.JvirtClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code jvirt save-image-define FILE XMLFILE [--running | --paused]}: replaces the definition a
 * save image records (the same hardware: other disk paths, say) and/or how the restore leaves it.
 */
public final class SaveImageDefineCommand extends ClientVerb {
    private final Value<Path> file = parameter("FILE", Path.class, "The save image.");
    private final Value<Path> xml = parameter("XMLFILE", Path.class, "The definition to record.");
    private final SaveFlags flags = new SaveFlags(this::flag, false);

    public SaveImageDefineCommand() {
        super("save-image-define", "Replace the domain XML a save image records.");
    }

    @Override
    protected int run(JvirtClient client) throws Exception {
        client.saves().imageDefine(file.get().toAbsolutePath().toString(), Files.readString(xml.get()), flags.given());
        return report(Map.of("file", file.get().toAbsolutePath().toString(), "updated", true),
                "State file " + file.get() + " updated.");
    }
}
