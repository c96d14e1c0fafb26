package io.jvirt.api;

/**
 * Which definitions a change affects, as virsh's {@code --live}, {@code --config},
 * {@code --current} (none of them) and {@code --persistent} say it; sent as query parameters.
 *
 * @param live change the running domain
 * @param config change the persistent definition
 * @param persistent change the persistent definition, and the running domain when it runs
 */
public record ChangeScope(boolean live, boolean config, boolean persistent) {
    /** The domain as it is now: running or not ({@code --current}). */
    public static final ChangeScope CURRENT = new ChangeScope(false, false, false);

    /** The query parameters, each prefixed with {@code &}; empty for {@link #CURRENT}. */
    public String query() {
        return (live ? "&live=true" : "") + (config ? "&config=true" : "") + (persistent ? "&persistent=true" : "");
    }
}
