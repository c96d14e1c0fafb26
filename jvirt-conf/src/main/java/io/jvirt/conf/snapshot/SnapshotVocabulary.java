package io.jvirt.conf.snapshot;

import io.jvirt.conf.xml.Vocabulary;

import java.util.List;
import java.util.Map;

/**
 * The names libvirt 9.0's snapshot format knows (domainsnapshot.rng), so that an error can tell
 * a name jvirt does not support from a misspelt one. The domains inside are checked against the
 * domain format by their own parser.
 */
final class SnapshotVocabulary implements Vocabulary {
    static final SnapshotVocabulary SNAPSHOT = new SnapshotVocabulary();

    private static final Map<String, List<String>> CHILDREN = Map.of(
            "(root)>domainsnapshot", List.of("name", "description", "state", "creationTime", "memory", "disks",
                    "active", "domain", "inactiveDomain", "parent", "cookie"),
            "domainsnapshot>disks", List.of("disk"),
            "disks>disk", List.of("source", "driver", "snapshotDeleteInProgress"),
            "disk>source", List.of("seclabel", "encryption", "host", "auth", "reservations", "initiator", "slices",
                    "ssl", "cookies", "readahead", "timeout", "reconnect", "config", "snapshot", "identity",
                    "knownHosts", "nfs"),
            "disk>driver", List.of("metadata_cache"),
            "driver>metadata_cache", List.of("max_size"),
            "domainsnapshot>parent", List.of("name"));

    private static final Map<String, List<String>> ATTRIBUTES = Map.of(
            "domainsnapshot>memory", List.of("snapshot", "file"),
            "disks>disk", List.of("name", "snapshot", "type"),
            "disk>source", List.of("file", "dev", "protocol", "name", "tls", "query", "index", "startupPolicy"),
            "disk>driver", List.of("type"),
            "metadata_cache>max_size", List.of("unit"));

    private SnapshotVocabulary() {
    }

    @Override
    public boolean knowsChild(String parent, String child) {
        return children(parent).contains(child);
    }

    @Override
    public boolean knowsAttribute(String element, String attribute) {
        return attributes(element).contains(attribute);
    }

    @Override
    public List<String> children(String parent) {
        return CHILDREN.getOrDefault(parent, List.of());
    }

    @Override
    public List<String> attributes(String element) {
        return ATTRIBUTES.getOrDefault(element, List.of());
    }

    @Override
    public String format() {
        return "libvirt";
    }
}
