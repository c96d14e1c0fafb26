package io.jvirt.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiJsonTest {
    private static final DomainInfo RUNNING = new DomainInfo("web1", "0b410831-51ff-4018-b741-aeab155cd66f", 3,
            "Web \"one\"", DomainState.RUNNING, "booted", "hvm", 2, 262144, 131072, true, false, "tcg",
            "KVM is unusable on this host.", 4242, List.of("cputune vcpupin: applied (vCPU 0 on CPUs 0)",
            "memtune hard_limit: not applied: memory.max: the cgroup v2 memory controller is not available"),
            List.of("tainted: custom configuration parameters specified"));
    private static final DomainInfo OFF = new DomainInfo("db", "6af6eb41-b003-4c71-bad9-12970a598b42", -1, null,
            DomainState.SHUTOFF, "unknown", "hvm", 1, 65536, 65536, true, true, null, null, 0);

    @Test
    void streamingOutputMatchesDataBinding() throws Exception {
        assertThat(Json.mapper().readTree(ApiJson.write(RUNNING))).isEqualTo(Json.mapper().readTree(Json.mapper().writeValueAsBytes(RUNNING)));
        assertThat(Json.mapper().readTree(ApiJson.write(List.of(RUNNING, OFF))))
                .isEqualTo(Json.mapper().readTree(Json.mapper().writeValueAsBytes(List.of(RUNNING, OFF))));
    }

    @Test
    void roundTrips() throws Exception {
        assertThat(ApiJson.domain(ApiJson.write(RUNNING))).isEqualTo(RUNNING);
        assertThat(ApiJson.domains(ApiJson.write(List.of(RUNNING, OFF)))).containsExactly(RUNNING, OFF);
        assertThat(ApiJson.domains(ApiJson.write(List.of()))).isEmpty();
    }

    @Test
    void errorsRoundTripAndMatchDataBinding() throws Exception {
        ApiError e = new ApiError("NOT_FOUND", "domain 'x' does not exist; \"quoted\" text.");
        assertThat(ApiJson.error(ApiJson.write(e))).isEqualTo(e);
        assertThat(Json.mapper().readTree(ApiJson.write(e))).isEqualTo(Json.mapper().readTree(Json.mapper().writeValueAsBytes(e)));
    }

    @Test
    void rejectsUnknownFields() {
        assertThatThrownBy(() -> ApiJson.domain("{\"name\":\"x\",\"bogus\":1}".getBytes()))
                .hasMessageContaining("unknown field 'bogus'");
        assertThatThrownBy(() -> ApiJson.error("{\"code\":\"X\",\"extra\":true}".getBytes()))
                .hasMessageContaining("unknown field 'extra'");
    }

    @Test
    void readsWhatDataBindingWritesForHost() throws Exception {
        HostInfo h = new HostInfo("0.1.0", "host1", "tcg", "KVM exists but hangs booting Linux.", "7.2.22", 24L << 20, 2,
                "/var/lib/jvirt", 1000, 3);
        assertThat(ApiJson.host(Json.mapper().writeValueAsBytes(h))).isEqualTo(h);
        HostInfo nulls = new HostInfo("0.1.0", null, "kvm", null, null, 0, 1, null, 0, 0);
        assertThat(ApiJson.host(Json.mapper().writeValueAsBytes(nulls))).isEqualTo(nulls);
        assertThatThrownBy(() -> ApiJson.host("{\"version\":\"1\",\"gpu\":1}".getBytes()))
                .hasMessageContaining("unknown field 'gpu'");
    }
}
