package io.jvirt.cli.install;

import io.jvirt.conf.xml.XmlOut;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The declared sub-option mechanism: rows read in order, bad values and unknown names reported together. */
class SubTableTest {
    private static final SubTable<XmlOut> TABLE = SubTable.element()
            .add(SubKey.number(1, 10, "size", "old_size"), SubTable.attr("size"))
            .add(SubKey.yesNo("shared"), SubTable.yesNo("shared"))
            .add(SubKey.oneOf(Set.of("a", "b"), "mode"), SubTable.child("mode", "type"))
            .texts("name.", SubTable::textChild, "firstPart", "second")
            .build();

    @Test
    void everyRowGoesToItsSetterInDeclaredOrder() {
        Problems p = new Problems();
        List<XmlOut> made = new ArrayList<>();
        SubTable.read("--thing", "old_size=3,shared=on,mode=b,name.firstpart=x,name.second=y", p,
                o -> made.add(TABLE.fill(o, p, XmlOut.element("thing"))));
        assertThat(p.isEmpty()).isTrue();
        assertThat(made.getFirst().render()).isEqualTo("""
                <thing size='3' shared='yes'>
                  <mode type='b'/>
                  <firstPart>x</firstPart>
                  <second>y</second>
                </thing>
                """);
    }

    @Test
    void badValuesAndUnknownNamesAreAllReportedAsSentences() {
        Problems p = new Problems();
        SubTable.read("--thing", "colour=red,mode=c,size=11,shared=maybe,stray", p,
                o -> TABLE.fill(o, p, XmlOut.element("thing")));
        assertThat(p.sentences()).containsExactly(
                "The value 11 of --thing size is out of range; give a number from 1 to 10.",
                "The value 'maybe' of --thing shared is not a yes/no value; use yes, no, on or off.",
                "The value 'c' of --thing mode is not known; use one of a, b.",
                "The --thing sub-option 'colour' is unknown here; see jvirt install --help and virt-install's "
                        + "--thing syntax.",
                "The --thing sub-option 'stray' is unknown here; see jvirt install --help and virt-install's "
                        + "--thing syntax.");
    }

    @Test
    void numberedGroupsKeepOnlyTheNumbersGiven() {
        Problems p = new Problems();
        SubOptions o = SubOptions.parse("--pins", "pin2.cpu=1,pin0.cpu=0,pin0.set=3-4,pin5.set=x");
        List<XmlOut> pins = SubTable.numbered(o, p, 4, "pin", i -> SubTable.element()
                .texts("pin" + i + ".", SubTable::attr, "cpu", "set").build());
        o.reportUnused(p);
        assertThat(pins).extracting(XmlOut::render).containsExactly("<pin cpu='0' set='3-4'/>\n", "<pin cpu='1'/>\n");
        assertThat(p.sentences()).singleElement().asString().contains("'pin5.set' is unknown");
    }

    @Test
    void aRequiredMainValueIsTheNamedOneOrTheFirstBareOne() {
        Problems p = new Problems();
        assertThat(SubOptions.parse("--x", "model=b,a").required(p, Set.of("a", "b")::contains, "Say a or b.",
                "model")).isEqualTo("b");
        assertThat(SubOptions.parse("--x", "a").required(p, Set.of("a", "b")::contains, "Say a or b.", "model"))
                .isEqualTo("a");
        assertThat(p.isEmpty()).isTrue();
        assertThat(SubOptions.parse("--x", "c").required(p, Set.of("a", "b")::contains, "Say a or b.", "model"))
                .isEqualTo("c");
        SubOptions.parse("--x", "").required(p, Set.of("a", "b")::contains, "Say a or b.", "model");
        assertThat(p.sentences()).containsExactly("Say a or b.", "Say a or b.");
    }
}
