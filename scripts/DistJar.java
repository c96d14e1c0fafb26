import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Merges the CLI's jars into the one jar of the dist, as CLI start-up wants it.
 *
 * <p>Why one jar: a JVM checks every class-path entry against its AOT cache at start, and the
 * first lookup the cache cannot answer (the JDK looks up service providers at every CLI call)
 * opens every jar on the path and reads its directory. With 22 jars that cost each CLI call
 * about 10 ms; with one, about 1 ms.
 *
 * <p>Why retarget: the JVM's AOT cache cannot hold classes older than version 50, and picocli
 * ships Java 5 (version 49) classes, so every CLI start would load, verify and link ~200
 * picocli classes from scratch. They are rewritten to version 52 with stack maps (JDK
 * ClassFile API); behaviour is unchanged.
 *
 * <p>Merging: service files ({@code META-INF/services}) are concatenated; each jar's licence
 * and notice files are kept under {@code META-INF/licenses/JAR/}; manifests, signatures and
 * module descriptors (meaningless on a class path) are dropped, and one manifest marks the jar
 * multi-release (jackson ships versioned classes). Any other name found in two jars with
 * different contents stops the build: a silent choice between two classes would be a bug.
 *
 * <p>Usage: {@code java scripts/DistJar.java OUT.jar IN.jar...}
 */
public class DistJar {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path[] jars = Arrays.stream(args, 1, args.length).map(Path::of).toArray(Path[]::new);
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = jars[i].toUri().toURL();
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        try (URLClassLoader loader = new URLClassLoader(urls, null)) {
            ClassFile cf = ClassFile.of(
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(loader))),
                    ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
            for (Path jar : jars) {
                String jarName = jar.getFileName().toString().replaceFirst("\\.jar$", "");
                try (ZipInputStream in = new ZipInputStream(new FileInputStream(jar.toFile()))) {
                    for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                        if (e.isDirectory()) {
                            continue;
                        }
                        String name = e.getName();
                        byte[] bytes = in.readAllBytes();
                        if (dropped(name)) {
                            continue;
                        }
                        if (isLicence(name)) {
                            name = "META-INF/licenses/" + jarName + "/" + name.substring("META-INF/".length());
                        } else if (name.endsWith(".class") && !name.startsWith("META-INF/versions/")) {
                            bytes = retargeted(cf, bytes);
                        }
                        if (name.startsWith("META-INF/services/") && entries.containsKey(name)) {
                            entries.put(name, concat(entries.get(name), bytes));
                        } else if (entries.containsKey(name)) {
                            if (!Arrays.equals(entries.get(name), bytes)) {
                                throw new IOException(name + " is in both " + from.get(name) + " and " + jar
                                        + " with different contents; the dist jar cannot hold both.");
                            }
                        } else {
                            entries.put(name, bytes);
                            from.put(name, jar.toString());
                        }
                    }
                }
            }
        }
        try (ZipOutputStream zip = new ZipOutputStream(new FileOutputStream(out.toFile()))) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\r\nMulti-Release: true\r\nMain-Class: io.jvirt.cli.Main\r\n\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }

    /** Manifests, signatures and module descriptors: the merged jar has its own or none. */
    private static boolean dropped(String name) {
        return name.equals("META-INF/MANIFEST.MF")
                || name.endsWith("module-info.class")
                || name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");
    }

    private static boolean isLicence(String name) {
        return name.matches("META-INF/(LICENSE|NOTICE)[^/]*");
    }

    /** Class files older than Java 8 rewritten to version 52 with stack maps; others unchanged. */
    private static byte[] retargeted(ClassFile cf, byte[] bytes) {
        var model = cf.parse(bytes);
        if (model.majorVersion() >= ClassFile.JAVA_8_VERSION) {
            return bytes;
        }
        ClassTransform version = (cb, element) -> {
            if (element instanceof ClassFileVersion) {
                cb.withVersion(ClassFile.JAVA_8_VERSION, 0);
            } else {
                cb.with(element);
            }
        };
        return cf.transformClass(model, version.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        if (a.length > 0 && a[a.length - 1] != '\n') {
            out.write('\n');
        }
        out.writeBytes(b);
        return out.toByteArray();
    }
}
