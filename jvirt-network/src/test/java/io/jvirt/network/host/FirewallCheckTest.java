package io.jvirt.network.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.jvirt.conf.network.NetworkDef;
import io.jvirt.conf.network.NetworkXml;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirewallCheckTest {
    private static final String CHAINS = """
            {"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}},
             {"chain": {"family": "ip", "table": "filter", "name": "FORWARD", "handle": 1, "type": "filter", "hook": "forward", "prio": 0, "policy": "drop"}},
             {"chain": {"family": "inet", "table": "host", "name": "in", "handle": 1, "type": "filter", "hook": "input", "prio": 0, "policy": "drop"}},
             {"chain": {"family": "inet", "table": "jvirt_br9", "name": "forward", "handle": 1, "type": "filter", "hook": "forward", "prio": 0, "policy": "drop"}},
             {"chain": {"family": "inet", "table": "open", "name": "forward", "handle": 2, "type": "filter", "hook": "forward", "prio": 0, "policy": "accept"}},
             {"chain": {"family": "ip", "table": "nat", "name": "helper", "handle": 3}}]}
            """;

    private static NetworkDef net(String forward) {
        return NetworkXml.parse("<network><name>n</name>" + forward + "<bridge name='br1'/>"
                + "<ip address='10.1.0.1' prefix='24'><dhcp><range start='10.1.0.10' end='10.1.0.20'/></dhcp></ip></network>");
    }

    @Test
    void natNetworkIsWarnedAboutForeignDropPolicies() {
        List<String> w = FirewallCheck.warnings(CHAINS, net("<forward mode='nat'/>"));
        assertThat(w).hasSize(2);
        assertThat(w.get(0)).contains("'ip filter FORWARD' drops forwarded traffic")
                .contains("nft insert rule ip filter FORWARD iifname br1 accept");
        assertThat(w.get(1)).contains("'inet host in' drops incoming traffic").contains("no DHCP lease");
    }

    @Test
    void isolatedNetworkOnlyCaresAboutInput() {
        assertThat(FirewallCheck.warnings(CHAINS, net(""))).singleElement().asString().contains("incoming");
    }

    @Test
    void quietHostGivesNoWarning() {
        assertThat(FirewallCheck.warnings("{\"nftables\": []}", net("<forward mode='nat'/>"))).isEmpty();
    }
}
