package io.jvirt.cli.img;

import io.jvirt.api.ImageHolder;
import io.jvirt.client.JvirtClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks the jvirtd of this host, if one answers on its socket, who holds an image: {@code jvirt
 * img} names the domain in its refusal. Never starts a daemon; with none running it costs a
 * stat of the socket, and a daemon that does not answer within a second is not waited for.
 */
final class DaemonHolders {

    private static final Duration PATIENCE = Duration.ofSeconds(1);

    private DaemonHolders() {
    }

    /**
     * @param socket the daemon's API socket
     * @param image the image
     * @return its holders, empty when nobody answered or nobody holds it
     */
    static List<ImageHolder> of(Path socket, Path image) {
        if (socket == null || !Files.exists(socket)) {
            return List.of();
        }
        AtomicReference<List<ImageHolder>> answer = new AtomicReference<>(List.of());
        // a virtual thread: interrupting it closes its socket if the daemon hangs
        Thread t = Thread.ofVirtual().start(() -> {
            try (JvirtClient c = JvirtClient.connect(socket)) {
                answer.set(c.imageHolders(image));
            } catch (RuntimeException e) {
                // no daemon, an older one, or one that cannot stat the file: nobody to name
            }
        });
        try {
            if (!t.join(PATIENCE)) {
                t.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return answer.get();
    }
}
