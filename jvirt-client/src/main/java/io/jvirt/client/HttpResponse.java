package io.jvirt.client;

import java.nio.charset.StandardCharsets;

/** A complete HTTP response read from the daemon. */
public record HttpResponse(int status, String contentType, byte[] body) {
    /** The body decoded as UTF-8. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
