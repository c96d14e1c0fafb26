package io.jvirt.conf.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per bad pool or volume document: the expected kind, line and message (the detail,
 * without the line prefix).
 */
class StorageErrorTest {

    private static final Function<String, Object> POOL = PoolXml::parse;
    private static final Function<String, Object> VOLUME = VolumeXml::parse;

    /** A dir pool whose name is on line 2 and whose target content starts on line 4. */
    private static String dirPool(String name, String target) {
        return "<pool type='dir'>\n  <name>" + name + "</name>\n  <target>\n" + target + "\n  </target>\n</pool>\n";
    }

    /** A volume whose name is on line 2 and capacity on line 3; extra lines start on line 4. */
    private static String volume(String name, String capacity, String rest) {
        return "<volume type='file'>\n  <name>" + name + "</name>\n  " + capacity + "\n" + rest + "\n</volume>\n";
    }

    private static final String PATH = "    <path>/p</path>";
    private static final String CAP = "<capacity>1</capacity>";

    static Stream<Arguments> rows() {
        return Stream.of(
                row("pool unknown element", POOL, dirPool("p", PATH + "\n    <owner>0</owner>"),
                        Kind.UNKNOWN_ELEMENT, 5, "unknown element <owner> inside <target>; remove it or check its spelling."),
                row("pool unknown top element", POOL, "<pool type='dir'>\n  <name>p</name>\n  <autostart/>\n"
                        + "  <target><path>/p</path></target>\n</pool>", Kind.UNKNOWN_ELEMENT, 3,
                        "unknown element <autostart> inside <pool>; remove it or check its spelling."),
                row("pool unknown type", POOL, "<pool type='logical'>\n  <name>p</name>\n</pool>",
                        Kind.INVALID_VALUE, 1, "<pool> attribute 'type' has the invalid value 'logical'; "
                                + "expected one of dir, fs."),
                row("pool name with slash", POOL, dirPool("a/b", PATH), Kind.INVALID_VALUE, 2,
                        "The pool name 'a/b' must not contain '/'."),
                row("pool name dot dot", POOL, dirPool("..", PATH), Kind.INVALID_VALUE, 2,
                        "The pool name '..' must not start with '.'."),
                row("pool name empty", POOL, dirPool("", PATH), Kind.MISSING_VALUE, 2,
                        "The pool name must not be empty."),
                row("pool without target", POOL, "<pool type='dir'>\n  <name>p</name>\n</pool>",
                        Kind.MISSING_VALUE, 1, "<pool> is missing the required element <target>."),
                row("pool relative target", POOL, dirPool("p", "    <path>images</path>"), Kind.INVALID_VALUE, 4,
                        "The pool target path 'images' must be an absolute path without control characters."),
                row("pool target with dot dot", POOL, dirPool("p", "    <path>/srv/../etc</path>"),
                        Kind.INVALID_VALUE, 4, "The pool target path '/srv/../etc' must not contain '.' or '..' "
                                + "components."),
                row("pool target root", POOL, dirPool("p", "    <path>/</path>"), Kind.INVALID_VALUE, 4,
                        "The pool target path must not be the root directory '/'."),
                row("pool bad mode", POOL, dirPool("p", PATH + "\n    <permissions><mode>0999</mode></permissions>"),
                        Kind.INVALID_VALUE, 5, "The permission mode '0999' is not valid; write an octal mode from "
                                + "0000 to 0777."),
                row("pool setuid mode", POOL, dirPool("p", PATH + "\n    <permissions><mode>4755</mode></permissions>"),
                        Kind.INVALID_VALUE, 5, "The permission mode 4755 is out of range; write an octal mode from "
                                + "0000 to 0777."),
                row("pool bad owner", POOL, dirPool("p", PATH + "\n    <permissions><owner>root</owner></permissions>"),
                        Kind.INVALID_VALUE, 5, "The owner 'root' is not valid; write a numeric id, or -1."),
                row("pool bad uuid", POOL, "<pool type='dir'>\n  <name>p</name>\n  <uuid>xyz</uuid>\n</pool>",
                        Kind.INVALID_VALUE, 3, "The UUID 'xyz' is not valid; write 32 hex digits, optionally grouped "
                                + "with dashes as 8-4-4-4-12."),
                row("pool negative capacity", POOL, "<pool type='dir'>\n  <name>p</name>\n  <capacity>-5</capacity>\n"
                        + "</pool>", Kind.INVALID_VALUE, 3, "The pool capacity '-5' is not a whole number of bytes."),
                row("fs pool without device", POOL, "<pool type='fs'>\n  <name>p</name>\n  <target><path>/p</path>"
                        + "</target>\n</pool>", Kind.MISSING_VALUE, 1,
                        "A pool of type 'fs' needs a <source><device path='...'/></source>."),
                row("fs pool unknown format", POOL, "<pool type='fs'>\n  <name>p</name>\n  <source>\n"
                        + "    <device path='/dev/sdb'/>\n    <format type='zfs'/>\n  </source>\n</pool>",
                        Kind.INVALID_VALUE, 5, "<format> attribute 'type' has the invalid value 'zfs'; "
                                + "expected one of auto, ext4, xfs, btrfs."),
                row("fs pool relative device", POOL, "<pool type='fs'>\n  <name>p</name>\n  <source>\n"
                        + "    <device path='sdb'/>\n  </source>\n</pool>", Kind.INVALID_VALUE, 4,
                        "The source device 'sdb' must be an absolute path without control characters."),
                row("dir pool with device", POOL, "<pool type='dir'>\n  <name>p</name>\n  <source>\n"
                        + "    <device path='/dev/sdb'/>\n  </source>\n  <target><path>/p</path></target>\n</pool>",
                        Kind.CONFLICT, 1, "A pool of type 'dir' takes no <device> or <format> in its <source>; remove "
                                + "them, or use type 'fs' for a file system on a device."),
                row("pool wrong root", POOL, "<volume>\n  <name>v</name>\n</volume>", Kind.UNKNOWN_ELEMENT, 1,
                        "the root element is <volume>, but a pool definition must start with <pool>."),
                row("volume unknown element", VOLUME, volume("v", CAP, "  <target>\n    <encryption format='luks'/>\n"
                        + "  </target>"), Kind.UNKNOWN_ELEMENT, 5,
                        "unknown element <encryption> inside <target>; remove it or check its spelling."),
                row("volume unknown feature", VOLUME, volume("v", CAP, "  <target>\n    <format type='qcow2'/>\n"
                        + "    <features>\n      <extended_l2/>\n    </features>\n  </target>"), Kind.UNKNOWN_ELEMENT, 7,
                        "unknown element <extended_l2> inside <features>; remove it or check its spelling."),
                row("volume unknown attribute", VOLUME, "<volume type='file' owner='me'>\n  <name>v</name>\n  <capacity>1</capacity>\n"
                        + "</volume>", Kind.UNKNOWN_ATTRIBUTE, 1,
                        "unknown attribute 'owner' on <volume>; remove it or check its spelling."),
                row("volume name with slash", VOLUME, volume("a/b", CAP, ""), Kind.INVALID_VALUE, 2,
                        "The volume name 'a/b' must not contain '/'."),
                row("volume name dot dot", VOLUME, volume("..", CAP, ""), Kind.INVALID_VALUE, 2,
                        "The volume name '..' must not start with '.'."),
                row("volume name escaping", VOLUME, volume("../../etc/passwd", CAP, ""), Kind.INVALID_VALUE, 2,
                        "The volume name '../../etc/passwd' must not contain '/'."),
                row("volume name hidden", VOLUME, volume(".hidden", CAP, ""), Kind.INVALID_VALUE, 2,
                        "The volume name '.hidden' must not start with '.'."),
                row("volume name control character", VOLUME, volume("a&#10;b", CAP, ""), Kind.INVALID_VALUE, 2,
                        "The volume name 'a\\x0ab' must not contain control characters."),
                row("volume name too long", VOLUME, volume("n".repeat(256), CAP, ""), Kind.INVALID_VALUE, 2,
                        "The volume name is 256 bytes long; at most 255 are allowed."),
                row("volume without capacity", VOLUME, "<volume>\n  <name>v</name>\n</volume>", Kind.MISSING_VALUE, 1,
                        "<volume> is missing the required element <capacity>."),
                row("volume negative capacity", VOLUME, volume("v", "<capacity>-1</capacity>", ""),
                        Kind.INVALID_VALUE, 3, "The volume capacity '-1' is not a whole number of bytes."),
                row("volume capacity overflow", VOLUME, volume("v", "<capacity unit='EiB'>9000</capacity>", ""),
                        Kind.INVALID_VALUE, 3, "The volume capacity 9000 EiB is too large."),
                row("volume absurd capacity", VOLUME, volume("v", "<capacity unit='EiB'>2</capacity>", ""),
                        Kind.INVALID_VALUE, 3, "The volume capacity of 2305843009213693952 bytes is out of range; "
                                + "it must be from 0 to 1 EiB (1152921504606846976 bytes)."),
                row("volume fractional capacity", VOLUME, volume("v", "<capacity unit='G'>1.5</capacity>", ""),
                        Kind.INVALID_VALUE, 3, "The volume capacity '1.5' is not a whole number of G."),
                row("volume bad unit", VOLUME, volume("v", "<capacity unit='blocks'>1</capacity>", ""),
                        Kind.INVALID_VALUE, 3, "The size unit 'blocks' is not known; use bytes, KiB, MiB, GiB, TiB, "
                                + "PiB, EiB, or KB, MB, GB, TB, PB, EB."),
                row("volume unknown format", VOLUME, volume("v", CAP, "  <target>\n    <format type='bochs'/>\n"
                        + "  </target>"), Kind.INVALID_VALUE, 5, "<format> attribute 'type' has the invalid value "
                                + "'bochs'; expected one of raw, qcow2, vmdk, vdi, vpc, vhdx, qed, qcow."),
                row("volume unknown type", VOLUME, "<volume type='block'>\n  <name>v</name>\n</volume>",
                        Kind.INVALID_VALUE, 1, "<volume> attribute 'type' has the invalid value 'block'; "
                                + "expected one of file."),
                row("volume compat on raw", VOLUME, volume("v", CAP, "  <target>\n    <compat>1.1</compat>\n"
                        + "  </target>"), Kind.CONFLICT, 4, "<compat>, <clusterSize> and <features> apply only to "
                                + "qcow2 volumes; set <format type='qcow2'/> or remove them."),
                row("volume bad compat", VOLUME, volume("v", CAP, "  <target>\n    <format type='qcow2'/>\n"
                        + "    <compat>2.0</compat>\n  </target>"), Kind.INVALID_VALUE, 4,
                        "The qcow2 compat level '2.0' is not valid; use 0.10 or 1.1."),
                row("volume lazy refcounts on v2", VOLUME, volume("v", CAP, "  <target>\n    <format type='qcow2'/>\n"
                        + "    <compat>0.10</compat>\n    <features><lazy_refcounts/></features>\n  </target>"),
                        Kind.CONFLICT, 4, "The qcow2 feature lazy_refcounts needs compat 1.1, not 0.10."),
                row("volume bad cluster size", VOLUME, volume("v", CAP, "  <target>\n    <format type='qcow2'/>\n"
                        + "    <clusterSize unit='KiB'>3</clusterSize>\n  </target>"), Kind.INVALID_VALUE, 4,
                        "The qcow2 cluster size 3072 is not valid; it must be a power of two from 512 bytes to 2 MiB."),
                row("volume backing on raw", VOLUME, volume("v", CAP, "  <backingStore>\n    <path>/b.qcow2</path>\n"
                        + "  </backingStore>"), Kind.CONFLICT, 1,
                        "Only qcow2 volumes can have a <backingStore>; the volume 'v' is raw."),
                row("volume backing without path", VOLUME, volume("v", CAP, "  <target><format type='qcow2'/></target>"
                        + "\n  <backingStore>\n    <format type='qcow2'/>\n  </backingStore>"), Kind.MISSING_VALUE, 5,
                        "<backingStore> is missing the required element <path>."),
                row("volume relative path", VOLUME, volume("v", CAP, "  <target>\n    <path>v.img</path>\n"
                        + "  </target>"), Kind.INVALID_VALUE, 4,
                        "The volume target path 'v.img' must be an absolute path without control characters."),
                row("volume bad timestamp", VOLUME, volume("v", CAP, "  <target>\n    <timestamps>\n"
                        + "      <mtime>yesterday</mtime>\n    </timestamps>\n  </target>"), Kind.INVALID_VALUE, 5,
                        "The mtime timestamp 'yesterday' is not valid; write seconds.nanoseconds."),
                row("volume duplicate capacity", VOLUME, volume("v", CAP, "  " + CAP), Kind.DUPLICATE, 4,
                        "<capacity> may appear only once inside <volume>."),
                row("volume text", VOLUME, volume("v", CAP, "  hello"), Kind.UNKNOWN_ELEMENT, 1,
                        "unexpected text 'hello' inside <volume>; remove it."),
                row("volume doctype", VOLUME, "<?xml version='1.0'?>\n<!DOCTYPE volume [<!ENTITY x SYSTEM "
                        + "'file:///etc/passwd'>]>\n<volume><name>&x;</name></volume>", Kind.XML_SYNTAX, 2,
                        "the XML contains a DOCTYPE declaration, and DTDs are not allowed."));
    }

    private static Arguments row(String label, Function<String, Object> parser, String xml, Kind kind, int line,
                                 String detail) {
        return Arguments.of(label, parser, xml, kind, line, detail);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void rejects(String label, Function<String, Object> parser, String xml, Kind kind, int line, String detail) {
        assertThatThrownBy(() -> parser.apply(xml)).isInstanceOfSatisfying(ConfException.class, e -> {
            assertThat(e.kind()).as("kind").isEqualTo(kind);
            assertThat(e.line()).as("line").isEqualTo(line);
            assertThat(e.detail()).as("detail").isEqualTo(detail);
            String document = parser == POOL ? "pool" : "volume";
            assertThat(e.document()).as("document").isEqualTo(document);
            assertThat(e.getMessage()).isEqualTo(document + " XML line " + line + ": " + detail);
        });
    }
}
