package io.jvirt.api;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** domstats answers through the streaming codec: order, numbers and strings kept. */
class InspectJsonTest {
    @Test
    void roundTripKeepsOrderAndTypes() throws Exception {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("state.state", 1);
        s.put("cpu.time", 3_120_000_000L);
        s.put("block.0.path", "/d/disk.qcow2");
        s.put("block.0.name", "vda");
        byte[] json = InspectJson.writeStats(List.of(new DomainStats("a", s), new DomainStats("b", Map.of())));
        assertThat(new String(json)).startsWith("[{\"name\":\"a\",\"stats\":{\"state.state\":1,\"cpu.time\":3120000000,");
        List<DomainStats> back = InspectJson.stats(json);
        assertThat(back).hasSize(2);
        assertThat(back.getFirst().stats()).containsExactly(Map.entry("state.state", 1L),
                Map.entry("cpu.time", 3_120_000_000L), Map.entry("block.0.path", "/d/disk.qcow2"),
                Map.entry("block.0.name", "vda"));
        assertThat(back.get(1).stats()).isEmpty();
    }

    @Test
    void unknownFieldsAreRefused() {
        assertThatThrownBy(() -> InspectJson.stats("[{\"name\":\"a\",\"extra\":1}]".getBytes()))
                .hasMessageContaining("unknown field 'extra'");
    }
}
