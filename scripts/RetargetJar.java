import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites a jar's classes to class-file version 52 with stack maps (JDK ClassFile API).
 *
 * <p>Why: the JVM's AOT cache cannot hold classes older than version 50, and picocli ships
 * Java 5 (version 49) classes, so every CLI start loaded, verified and linked ~200 picocli
 * classes from scratch. Retargeted, they are cached like the rest and `jvirt list` starts
 * about twice as fast. Only the dist's private copy is rewritten; behaviour is unchanged.
 *
 * <p>Usage: {@code java scripts/RetargetJar.java IN.jar OUT.jar}
 */
public class RetargetJar {
    public static void main(String[] args) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[]{Path.of(args[0]).toUri().toURL()}, null);
             ZipInputStream in = new ZipInputStream(new FileInputStream(args[0]));
             ZipOutputStream out = new ZipOutputStream(new FileOutputStream(args[1]))) {
            ClassFile cf = ClassFile.of(
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(loader))),
                    ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
            ClassTransform version = (cb, element) -> {
                if (element instanceof ClassFileVersion) {
                    cb.withVersion(ClassFile.JAVA_8_VERSION, 0);
                } else {
                    cb.with(element);
                }
            };
            ClassTransform retarget = version.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL));
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                String name = e.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class") && !name.startsWith("META-INF/versions/")) {
                    var model = cf.parse(bytes);
                    if (model.majorVersion() < ClassFile.JAVA_8_VERSION) {
                        bytes = cf.transformClass(model, retarget);
                    }
                }
                out.putNextEntry(new ZipEntry(name));
                out.write(bytes);
                out.closeEntry();
            }
        }
    }
}
