package io.jvirt.cli.inspect;

import io.jvirt.client.InspectClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** {@code jvirt screenshot DOMAIN [FILE] [--screen N] [--format png|ppm]}: a picture of the guest's display. */
public final class ScreenshotCommand extends InspectVerb {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH:mm:ss");

    private final Value<String> domain = parameter("DOMAIN", "Domain name, UUID or id.");
    private final Value<String> file = optionalParameter("FILE", String.class,
            "Where to save it; by default DOMAIN-DATE-TIME.png in the current directory.");
    private final Value<String> fileOption = option("--file", "FILE", "Where to save it (as the FILE parameter).");
    private final Value<Integer> screen = option("--screen", "N", Integer.class, "The screen (video device) to take, from 0.");
    private final Value<String> format = option("--format", "FORMAT",
            "png (the default, as libvirt asks QEMU 7.2 for) or ppm; a FILE ending in .ppm asks for ppm.");

    public ScreenshotCommand() {
        super("screenshot", "Take a screenshot of a running domain's display.");
    }

    @Override
    protected int run(InspectClient client) throws Exception {
        if (file.given() && fileOption.given()) {
            throw bad("Options --file and FILE are mutually exclusive");
        }
        String target = file.given() ? file.get() : fileOption.get();
        String fmt = format.given() ? format.get()
                : target != null && target.toLowerCase(java.util.Locale.ROOT).endsWith(".ppm") ? "ppm" : "png";
        if (!fmt.equals("png") && !fmt.equals("ppm")) {
            throw bad("--format must be png or ppm, not '" + fmt + "'");
        }
        byte[] picture = client.screenshot(domain.get(), screen.given() ? screen.get() : 0, fmt);
        if (target == null) {
            target = domain.get() + "-" + LocalDateTime.now().format(STAMP) + "." + fmt;
        }
        Files.write(Path.of(target), picture);
        String mime = fmt.equals("png") ? "image/png" : "image/x-portable-pixmap";
        if (json()) {
            printJson(Map.of("file", target, "mime", mime, "bytes", picture.length));
            return 0;
        }
        text("Screenshot saved to " + target + ", with type of " + mime + "\n");
        return 0;
    }
}
