package io.jvirt.cli.support;

import io.jvirt.api.ErrorCode;
import io.jvirt.client.JvirtClientException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XmlEditorTest {
    private static final String XML = "<network>\n  <name>one</name>\n</network>\n";
    private final List<String> redefined = new ArrayList<>();

    private String redefine(String xml) {
        redefined.add(xml);
        return "ok";
    }

    @Test
    void aChangedTextIsRedefined() throws Exception {
        XmlEditor.Outcome<String> o = new XmlEditor(List.of("sed", "-i", "s/one/two/")).edit(XML, this::redefine);
        assertThat(o).isEqualTo(new XmlEditor.Changed<>("ok"));
        assertThat(redefined).containsExactly("<network>\n  <name>two</name>\n</network>\n");
    }

    @Test
    void anUnchangedTextRedefinesNothing() throws Exception {
        assertThat(new XmlEditor(List.of("true")).edit(XML, this::redefine)).isEqualTo(new XmlEditor.Unchanged<>());
        assertThat(redefined).isEmpty();
    }

    @Test
    void aFailingEditorChangesNothing() {
        assertThatThrownBy(() -> new XmlEditor(List.of("false")).edit(XML, this::redefine))
                .isInstanceOf(JvirtClientException.class)
                .hasMessage("The editor 'false' exited with status 1; the definition was not changed.");
        assertThat(redefined).isEmpty();
    }

    @Test
    void aRefusedEditIsKeptForTheUser() throws Exception {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> new XmlEditor(List.of("sed", "-i", "s/one/t w o/"))
                .edit(XML, xml -> {
                    throw new JvirtClientException(ErrorCode.INVALID_ARGUMENT, "network XML line 2: bad name.");
                }));
        assertThat(t).isInstanceOf(JvirtClientException.class)
                .hasMessageStartingWith("network XML line 2: bad name. The definition was not changed; your edit is kept in ");
        Matcher m = Pattern.compile("kept in (\\S+)\\.$").matcher(t.getMessage());
        assertThat(m.find()).isTrue();
        Path kept = Path.of(m.group(1));
        assertThat(Files.readString(kept)).contains("<name>t w o</name>");
        Files.delete(kept);
    }
}
