package io.jvirt.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The clone request and answer: the CLI's streaming JSON and the daemon's data binding agree. */
class CloneJsonTest {

    @Test
    void optionsWrittenByStreamingBindBackToTheSameRecord() throws Exception {
        CloneOptions o = new CloneOptions("web1", null, "web2", false, List.of("/vm/a.qcow2", "/vm/b.raw"), true, false,
                false, List.of("52:54:00:01:02:03", "RANDOM"), false, List.of("vdb"), List.of("hdc"), "/nv/x.fd",
                Set.of("disk_size", "mac_in_use"), true);
        assertThat(Json.mapper().readValue(CloneJson.write(o), CloneOptions.class)).isEqualTo(o);
        CloneOptions xml = new CloneOptions(null, "<domain type='kvm'><name>x</name></domain>", null, true, List.of(),
                false, false, true, List.of(), false, List.of(), List.of(), null, Set.of(), false);
        assertThat(Json.mapper().readValue(CloneJson.write(xml), CloneOptions.class)).isEqualTo(xml);
    }

    @Test
    void theAnswerBoundByTheDaemonReadsBackByStreaming() throws Exception {
        CloneResult r = new CloneResult("web2", "<domain/>", List.of(new CloneResult.Copy("vda", "default",
                "web2.qcow2", "/var/lib/jvirt/images/web2.qcow2", "full", 712)), List.of("vdb is shared"), 3);
        assertThat(CloneJson.result(Json.mapper().writeValueAsBytes(r))).isEqualTo(r);
        assertThat(CloneJson.result(CloneJson.write(r))).isEqualTo(r);
        CloneResult empty = new CloneResult("x", null, List.of(), List.of(), 0);
        assertThat(CloneJson.result(Json.mapper().writeValueAsBytes(empty))).isEqualTo(empty);
    }
}
