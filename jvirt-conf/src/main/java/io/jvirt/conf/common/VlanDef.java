package io.jvirt.conf.common;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code <vlan>} setting: the 802.1Q tags applied to a guest's traffic. A trunk carries
 * several tags (or one tag, when {@code trunk='yes'} says so); otherwise the single tag is
 * an access VLAN.
 *
 * @param trunk whether the port is a trunk; always true with more than one tag or with a native tag
 * @param tags the tags in document order, at least one, each id at most once
 */
public record VlanDef(boolean trunk, List<Tag> tags) {

    /** Largest VLAN id. */
    public static final int MAX_ID = 4095;

    /** Checks the tags and derives the trunk flag. */
    public VlanDef {
        tags = ConfChecks.list(tags);
        if (tags.isEmpty()) {
            throw new ConfException(Kind.MISSING_VALUE, "A <vlan> needs at least one <tag id='...'/>.");
        }
        Set<Integer> seen = new HashSet<>();
        int natives = 0;
        for (Tag t : tags) {
            if (!seen.add(t.id())) {
                throw new ConfException(Kind.DUPLICATE, "The VLAN tag " + t.id() + " is listed more than once.");
            }
            if (t.nativeMode() != null) {
                natives++;
            }
        }
        if (natives > 1) {
            throw new ConfException(Kind.DUPLICATE, "Only one VLAN tag may have a 'nativeMode'.");
        }
        trunk = trunk || tags.size() > 1 || natives == 1;
    }

    /**
     * Returns an access VLAN with one tag.
     *
     * @param id the VLAN id
     * @return the setting
     */
    public static VlanDef access(int id) {
        return new VlanDef(false, List.of(new Tag(id, null)));
    }

    /** Returns the tag carrying a native mode, or null when there is none. */
    public Tag nativeTag() {
        for (Tag t : tags) {
            if (t.nativeMode() != null) {
                return t;
            }
        }
        return null;
    }

    /**
     * One {@code <tag>}.
     *
     * @param id the VLAN id, 0 to 4095
     * @param nativeMode whether untagged traffic belongs to this VLAN and how it leaves, or null
     */
    public record Tag(int id, NativeMode nativeMode) {

        /** Checks the id. */
        public Tag {
            if (id < 0 || id > MAX_ID) {
                throw new ConfException(Kind.INVALID_VALUE,
                        "The VLAN tag " + id + " is out of range; it must be from 0 to " + MAX_ID + ".");
            }
        }
    }

    /** The {@code nativeMode} attribute of a tag. */
    public enum NativeMode implements XmlEnum {
        /** Native VLAN traffic leaves tagged. */
        TAGGED("tagged"),
        /** Native VLAN traffic leaves untagged. */
        UNTAGGED("untagged");

        private final String xml;

        NativeMode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
