package io.jvirt.cli.img;

import io.jvirt.api.ImageHolder;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The sentence {@code jvirt img} prints when an image is in use: it names the domains when
 * the jvirtd of this host holds the image for them, else another process such as QEMU or
 * qemu-img, and it says whether {@code -U} would help. A pure function of what was refused and
 * who holds it.
 */
final class InUse {

    /** What {@code -U} would change for the refused image. */
    enum Advice {
        /** The image is only read, and without {@code -U}: with it, it would be read anyway. */
        READ_WITH_FORCE_SHARE,
        /** The image would be written (or resized): {@code -U} does not allow that. */
        WRITE,
        /** The image is only read, already with {@code -U}: nothing but stopping its user helps. */
        NONE
    }

    private InUse() {
    }

    /**
     * @param image the refused image
     * @param advice what -U would change
     * @param holders the daemon's holders of the image (empty when no daemon answered or none holds it)
     * @return the message, one sentence
     */
    static String message(Path image, Advice advice, List<ImageHolder> holders) {
        List<String> domains = holders.stream().map(ImageHolder::domain).filter(Objects::nonNull).distinct().toList();
        String tail = switch (advice) {
            case READ_WITH_FORCE_SHARE -> ", or use -U to read it anyway.";
            case WRITE -> " (-U does not allow writing).";
            case NONE -> ".";
        };
        if (!domains.isEmpty()) {
            return "Image " + image + " is in use by " + (domains.size() == 1 ? "domain " + domains.getFirst()
                    : "domains " + String.join(", ", domains.subList(0, domains.size() - 1)) + " and "
                    + domains.getLast()) + "; shut " + (domains.size() == 1 ? "it" : "them") + " down first" + tail;
        }
        List<String> jobs = holders.stream().map(ImageHolder::operation).filter(Objects::nonNull).distinct().toList();
        if (!jobs.isEmpty()) {
            return "Image " + image + " is in use by jvirtd (" + String.join("; ", jobs)
                    + "); try again when it has finished.";
        }
        return "Image " + image + " is in use by another process (such as QEMU or qemu-img); stop it first" + tail;
    }
}
