package io.jvirt.daemon.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Persistent domain definitions as libvirt XML files ({@code domains/NAME.xml}) and
 * autostart marks ({@code autostart/NAME}), readable and backed up like libvirt's
 * {@code /etc/libvirt/qemu}. Every write is atomic and durable before it returns.
 *
 * <p>Names are validated by the model before they reach this class (no '/', no '..'),
 * and are checked here again so a file can never land outside its directory.
 */
public final class DefinitionStore {
    private final Path domains;
    private final Path autostart;

    public DefinitionStore(Path stateDir) throws IOException {
        this.domains = Files.createDirectories(stateDir.resolve("domains"));
        this.autostart = Files.createDirectories(stateDir.resolve("autostart"));
    }

    /** All stored definitions, by file name stem, as XML text. */
    public Map<String, String> loadAll() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(domains, "*.xml")) {
            for (Path p : ds) {
                String file = p.getFileName().toString();
                out.put(file.substring(0, file.length() - 4), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    public void save(String name, String xml) throws IOException {
        AtomicFiles.write(fileOf(name), xml.getBytes(StandardCharsets.UTF_8));
    }

    public void delete(String name) throws IOException {
        AtomicFiles.delete(fileOf(name));
        AtomicFiles.delete(autostartOf(name));
    }

    public boolean autostart(String name) {
        return Files.exists(autostartOf(name));
    }

    public void setAutostart(String name, boolean enabled) throws IOException {
        if (enabled) {
            AtomicFiles.write(autostartOf(name), new byte[0]);
        } else {
            AtomicFiles.delete(autostartOf(name));
        }
    }

    /** The file holding the definition of {@code name}. */
    public Path fileOf(String name) {
        return safe(domains, name + ".xml");
    }

    private Path autostartOf(String name) {
        return safe(autostart, name);
    }

    static Path safe(Path dir, String file) {
        Path p = dir.resolve(file).normalize();
        if (!p.getParent().equals(dir.normalize()) || file.contains("/")) {
            throw new IllegalArgumentException("the name '" + file + "' would leave " + dir);
        }
        return p;
    }
}
