package io.jvirt.conf.common;

/**
 * Whether a formatted definition carries its secrets (a VNC password today; later TLS keys
 * and storage authentication). Every formatter takes one explicitly, so no code path prints
 * a secret without having asked for it: the persistent store asks for {@link #INCLUDE}, what
 * a client sees defaults to {@link #OMIT}. Like libvirt's {@code VIR_DOMAIN_DEF_FORMAT_SECURE}:
 * an omitted secret leaves its attribute out entirely, so the document stays valid and shows
 * no placeholder that could be mistaken for the secret.
 */
public enum Secrets {
    /** Write secrets: for the daemon's own files and for clients that asked ({@code --security-info}). */
    INCLUDE,
    /** Leave every secret out. */
    OMIT;

    /** The choice for a client that did or did not ask for secrets. */
    public static Secrets asked(boolean securityInfo) {
        return securityInfo ? INCLUDE : OMIT;
    }

    /** Returns {@code secret} when secrets are included, else null (an attribute left out). */
    public String reveal(String secret) {
        return switch (this) {
            case INCLUDE -> secret;
            case OMIT -> null;
        };
    }
}
