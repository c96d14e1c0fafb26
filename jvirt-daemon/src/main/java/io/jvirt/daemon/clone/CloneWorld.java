package io.jvirt.daemon.clone;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** What the planner needs to know about the host; the executor answers from jvirtd, tests from a map. */
public interface CloneWorld {
    /** A volume of a running pool. */
    record Volume(String pool, String name, String path, String format, long capacity) {
    }

    /** Whether a domain of that name exists. */
    boolean domainExists(String name);

    /** The volume whose file is {@code path}, if a running pool holds it. */
    Optional<Volume> volumeAt(String path);

    /** A volume of a running pool by pool and volume name. */
    Optional<Volume> volume(String pool, String name);

    /** The running pool whose directory is {@code dir}, if any. */
    Optional<String> poolAt(String dir);

    /** Whether something exists at {@code path}. */
    boolean pathExists(String path);

    /** The domains (other than the original) whose disks use {@code path}. */
    List<String> domainsUsing(String path);

    /** Whether a network card of another domain has this MAC address (lower case). */
    boolean macInUse(String mac);

    /** The MAC addresses (lower case) of a domain's network cards; empty when it has none or does not exist. */
    Set<String> macsOf(String domain);

    /** The path of a domain's UEFI variable store, if it has one. */
    Optional<String> nvramOf(String domain);

    /** A new random MAC address (52:54:00:xx:xx:xx). */
    String newMac();

    /** A new random UUID. */
    UUID newUuid();
}
