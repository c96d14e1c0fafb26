package io.jvirt.cli.blockjob;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** virsh's destination document and libvirt's escaping. */
class BlockcopyXmlTest {
    @Test
    void aFileWithoutFormatHasNoDriver() {
        assertThat(BlockcopyXml.destination("/a/b.qcow2", null, false))
                .isEqualTo("<disk type='file'>\n  <source file='/a/b.qcow2'/>\n</disk>\n");
    }

    @Test
    void escapesAsLibvirtDoes() {
        assertThat(BlockcopyXml.escape("<a&'\">")).isEqualTo("&lt;a&amp;&apos;&quot;&gt;");
        assertThat(BlockcopyXml.escape("a\tb\nc\rd")).as("tab, newline and return stay").isEqualTo("a\tb\nc\rd");
        assertThat(BlockcopyXml.escape("a\u0001b\u0019c")).as("control characters dropped").isEqualTo("abc");
        assertThat(BlockcopyXml.escape("a\u001ab\u001fc")).as("libvirt's list stops at 0x19")
                .isEqualTo("a\u001ab\u001fc");
        assertThat(BlockcopyXml.escape("é/ü")).isEqualTo("é/ü");
    }
}
