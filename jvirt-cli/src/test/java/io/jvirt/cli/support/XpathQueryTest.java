package io.jvirt.cli.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** virsh's --xpath and --wrap output: nodes as libxml2 prints them. */
class XpathQueryTest {
    static final String XML = """
            <domain type='kvm'>
              <name>web1</name>
              <devices>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='/var/lib/libvirt/images/web1.qcow2'/>
                  <target dev='vda' bus='virtio'/>
                </disk>
                <disk type='file' device='cdrom'>
                  <source file='/isos/a&amp;b.iso'/>
                  <target dev='sda' bus='sata'/>
                </disk>
              </devices>
            </domain>
            """;

    @Test
    void attributesPrintAsNameAndQuotedValue() {
        assertThat(XpathQuery.apply(XML, "//disk/source/@file", false))
                .isEqualTo(" file=\"/var/lib/libvirt/images/web1.qcow2\"\n file=\"/isos/a&amp;b.iso\"");
    }

    @Test
    void elementsKeepTheirAttributesInDocumentOrderAndAreIndentedAnew() {
        assertThat(XpathQuery.apply(XML, "//disk[@device='disk']", false)).isEqualTo("""
                <disk type="file" device="disk">
                  <driver name="qemu" type="qcow2"/>
                  <source file="/var/lib/libvirt/images/web1.qcow2"/>
                  <target dev="vda" bus="virtio"/>
                </disk>""");
        assertThat(XpathQuery.apply(XML, "/domain/name", false)).isEqualTo("<name>web1</name>");
        assertThat(XpathQuery.apply(XML, "/domain/name/text()", false)).isEqualTo("web1");
    }

    @Test
    void wrapPutsTheMatchesInOneNodesElement() {
        assertThat(XpathQuery.apply(XML, "//target", true)).isEqualTo("""
                <nodes>
                  <target dev="vda" bus="virtio"/>
                  <target dev="sda" bus="sata"/>
                </nodes>""");
        assertThat(XpathQuery.apply(XML, "//nothing", true)).isEqualTo("<nodes/>");
        assertThat(XpathQuery.apply(XML, "//nothing", false)).isEmpty();
    }

    @Test
    void aBadExpressionIsOneSentence() {
        assertThatThrownBy(() -> XpathQuery.apply(XML, "//[", false))
                .hasMessageStartingWith("The --xpath expression '//[' is not valid XPath");
    }
}
