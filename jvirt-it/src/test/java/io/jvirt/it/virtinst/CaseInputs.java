package io.jvirt.it.virtinst;

import io.jvirt.sys.Command;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What one document refers to, recreated in a directory of its own: the files below
 * {@code /tmp/jvirt-virtinst-set/} that scripts/virtinst-set.sh made while it ran, and below the
 * private libvirtd's {@code /var/lib/libvirt/}. The document's paths are moved there by
 * replacing those two prefixes (each case gets its own copy of every image, since guests booted
 * side by side may not share a writable image: QEMU's image locks refuse that).
 *
 * <p>Disks become small images of the format their {@code <driver type>} names (64 MiB qcow2 or
 * raw, a 1.44 MB floppy), CD-ROMs small ISO 9660 images made with xorriso, shared directories
 * directories holding a README, and every directory a character device or socket path points
 * into exists.
 *
 * @param dir the case's directory
 * @param xml the document with its paths moved into {@code dir}
 * @param sizes the size in bytes the guest should see of each disk source made here
 */
record CaseInputs(Path dir, String xml, Map<String, Long> sizes) {

    /** Where virt-install-set.sh kept its inputs. */
    static final String SET_PREFIX = "/tmp/jvirt-virtinst-set/";
    /** The private libvirtd's state, where virt-install put new volumes and boot files. */
    static final String LIBVIRT_PREFIX = "/var/lib/libvirt/";

    static final long DISK_BYTES = 64L << 20;
    static final long FLOPPY_BYTES = 1440L << 10;
    private static final Duration TOOL = Duration.ofSeconds(60);

    /** Moves the document's paths into {@code dir} and makes what they name. */
    static CaseInputs prepare(String original, Path dir) throws IOException {
        Path set = dir.resolve("set");
        Path libvirt = dir.resolve("libvirt");
        for (String sub : List.of("img", "media", "new", "log", "share", "boot", "cloud")) {
            Files.createDirectories(set.resolve(sub));
        }
        for (String sub : List.of("images", "boot", "qemu/nvram")) {
            Files.createDirectories(libvirt.resolve(sub));
        }
        String xml = original.replace(SET_PREFIX, set + "/").replace(LIBVIRT_PREFIX, libvirt + "/");
        Document doc = Dom.parse(xml);
        Map<String, Long> sizes = new HashMap<>();
        for (Element disk : Dom.children(Dom.devices(doc), "disk")) {
            String file = Dom.childAttr(disk, "source", "file");
            if (file != null && "file".equals(Dom.attr(disk, "type"))) {
                sizes.put(file, makeDisk(Path.of(file), Dom.attr(disk, "device"), Dom.childAttr(disk, "driver", "type")));
            }
        }
        for (Element fs : Dom.children(Dom.devices(doc), "filesystem")) {
            String source = Dom.childAttr(fs, "source", "dir");
            if (source != null) {
                Files.createDirectories(Path.of(source));
                Files.writeString(Path.of(source).resolve("README"), "hello from the host\n");
            }
        }
        NodeList sources = doc.getElementsByTagName("source");
        for (int i = 0; i < sources.getLength(); i++) {
            Element s = (Element) sources.item(i);
            for (String a : List.of("path", "file", "dir")) {
                String p = Dom.attr(s, a);
                if (p != null && p.startsWith(dir.toString())) {
                    Files.createDirectories(Path.of(p).getParent());
                }
            }
        }
        return new CaseInputs(dir, xml, Map.copyOf(sizes));
    }

    /** The TCP services the document's devices connect to at start ({@code mode='connect'}), as ports. */
    static Set<Integer> connectPorts(String xml) {
        Set<Integer> ports = new TreeSet<>();
        NodeList sources = Dom.parse(xml).getElementsByTagName("source");
        for (int i = 0; i < sources.getLength(); i++) {
            Element s = (Element) sources.item(i);
            String service = Dom.attr(s, "service");
            String mode = Dom.attr(s, "mode");
            if (service != null && (mode == null || mode.equals("connect")) && service.matches("\\d+")) {
                ports.add(Integer.parseInt(service));
            }
        }
        return ports;
    }

    private static long makeDisk(Path file, String device, String format) throws IOException {
        Files.createDirectories(file.getParent());
        if ("cdrom".equals(device)) {
            Path content = file.resolveSibling(file.getFileName() + ".d");
            Files.createDirectories(content);
            Files.writeString(content.resolve("README.TXT"), "jvirt virt-install start test medium\n");
            run("xorriso", "-as", "mkisofs", "-quiet", "-V", "JVIRT", "-o", file.toString(), content.toString());
            return Files.size(file);
        }
        long bytes = "floppy".equals(device) ? FLOPPY_BYTES : DISK_BYTES;
        if ("qcow2".equals(format)) {
            run("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), Long.toString(bytes));
        } else {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(bytes);
            }
        }
        return bytes;
    }

    private static void run(String... argv) {
        Command.Result r = Command.run(List.of(argv), null, TOOL);
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + r.firstErrorLine());
        }
    }
}
