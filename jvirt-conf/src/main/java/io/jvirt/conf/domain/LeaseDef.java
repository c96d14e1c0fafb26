package io.jvirt.conf.domain;

/**
 * A {@code <lease>} device: a lock a lock manager (sanlock) takes for the domain. jvirt has no
 * lock manager: it keeps the lease in the definition and refuses to start a domain that has one.
 *
 * @param lockspace the lockspace name, or null
 * @param key the lease key
 * @param path the lease file
 * @param offset the byte offset inside it, or null
 */
public record LeaseDef(String lockspace, String key, String path, Long offset) implements DeviceDef {

    /** Validates the values. */
    public LeaseDef {
        Checks.required(key, "The lease <key>");
        Checks.required(path, "The lease <target path>");
        Checks.noControl(lockspace, "The lease lockspace");
        Checks.noControl(key, "The lease key");
        Checks.noControl(path, "The lease target path");
    }

    @Override
    public Address address() {
        return null;
    }
}
