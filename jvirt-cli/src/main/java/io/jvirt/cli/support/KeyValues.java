package io.jvirt.cli.support;

/**
 * virsh's key/value listing ({@code dominfo}, {@code net-info}): the key and a colon, padded
 * to 16 columns, then the value; one pair per line.
 */
public final class KeyValues {
    private final StringBuilder sb = new StringBuilder(512);

    /** Adds a line. */
    public KeyValues add(String key, String value) {
        sb.append(key).append(':').append(" ".repeat(Math.max(1, 16 - key.length() - 1))).append(value).append('\n');
        return this;
    }

    /**
     * Adds a line that continues the previous key's value, aligned under it (virsh's "Messages:").
     *
     * @param value the value
     * @return this listing
     */
    public KeyValues more(String value) {
        sb.append(" ".repeat(16)).append(value).append('\n');
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
