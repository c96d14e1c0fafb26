package io.jvirt.daemon.agent;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.GuestFileSystem;
import io.jvirt.api.GuestInfo;
import io.jvirt.api.GuestInterface;
import io.jvirt.api.GuestTime;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.daemon.DaemonException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import static io.jvirt.daemon.agent.FakeAgent.error;
import static io.jvirt.daemon.agent.FakeAgent.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent verbs against a scripted agent on a UNIX socket. */
class AgentServiceTest {
    private static final DomainDef DEF = DomainXml.parse("""
            <domain type='qemu'><name>g</name><memory>65536</memory><os><type>hvm</type></os><devices>
              <disk type='file' device='disk'><source file='/var/lib/g.img'/><target dev='vda' bus='virtio'/>
                <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/></disk>
              <disk type='file' device='disk'><source file='/var/lib/h.img'/><target dev='sda' bus='scsi'/>
                <serial>DATA1</serial></disk>
            </devices></domain>""");

    @TempDir
    Path dir;
    FakeAgent agent;
    /** What QEMU's side is told to do (the RTC resets), among the agent's commands to keep their order. */
    RuntimeException rtcFailure;

    private void rtcReset(String domain) {
        if (rtcFailure != null) {
            throw rtcFailure;
        }
        agent.commands.add("rtc-reset-reinjection " + domain);
    }

    @AfterEach
    void close() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    private AgentService service(Function<JsonNode, String> script) throws Exception {
        agent = new FakeAgent(dir.resolve("ga.sock"), script);
        return new AgentService(ref -> new AgentService.Channel("g", agent.socket, DEF), this::rtcReset,
                Duration.ofMillis(500));
    }

    @Test
    void guestInfoHasLibvirtsNamesAndOrder() throws Exception {
        AgentService s = service(cmd -> switch (cmd.path("execute").asText()) {
            case "guest-get-users" -> ok("[{\"user\": \"root\", \"login-time\": 1700000000.5}]");
            case "guest-get-osinfo" -> ok("{\"name\": \"Debian\", \"kernel-release\": \"6.1\", \"id\": \"debian\"}");
            case "guest-get-timezone" -> ok("{\"zone\": \"UTC\", \"offset\": 0}");
            case "guest-get-host-name" -> ok("{\"host-name\": \"box\"}");
            case "guest-get-fsinfo" -> ok("[]");
            case "guest-get-disks" -> error("CommandNotFound", "The command guest-get-disks has not been found");
            case "guest-network-get-interfaces" -> ok("[{\"name\": \"eth0\", \"hardware-address\": "
                    + "\"52:54:00:00:00:01\", \"ip-addresses\": [{\"ip-address-type\": \"ipv4\", "
                    + "\"ip-address\": \"10.0.0.5\", \"prefix\": 24}]}]");
            default -> null;
        });
        GuestInfo info = s.guestInfo("g", Set.of());
        assertThat(info.params()).extracting(GuestInfo.Param::field).containsExactly("user.count", "user.0.name",
                "user.0.login-time", "os.id", "os.name", "os.kernel-release", "timezone.name", "timezone.offset",
                "hostname", "fs.count", "if.count", "if.0.name", "if.0.hwaddr", "if.0.addr.count", "if.0.addr.0.type",
                "if.0.addr.0.addr", "if.0.addr.0.prefix");
        assertThat(info.params()).contains(new GuestInfo.Param("user.0.login-time", 1700000000500L),
                new GuestInfo.Param("hostname", "box"), new GuestInfo.Param("if.0.addr.0.prefix", 24L));
        // an unsupported group asked for by name is an error, not left out
        assertThatThrownBy(() -> s.guestInfo("g", Set.of(GuestInfoType.DISK)))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .hasMessageContaining("unable to execute QEMU agent command 'guest-get-disks'");
    }

    @Test
    void fileSystemsNameTheDomainsDisks() throws Exception {
        AgentService s = service(cmd -> ok("""
                [{"name": "vda", "mountpoint": "/", "type": "ext4", "total-bytes": 100, "used-bytes": 10, "disk": [
                  {"pci-controller": {"domain": 0, "bus": 0, "slot": 5, "function": 0}, "bus-type": "virtio",
                   "bus": 0, "target": 0, "unit": 0, "dev": "/dev/vda"}]},
                 {"name": "sda1", "mountpoint": "/data", "type": "xfs", "disk": [
                  {"pci-controller": {"domain": 0, "bus": 0, "slot": 6, "function": 0}, "bus-type": "scsi",
                   "bus": 0, "target": 0, "unit": 0, "serial": "DATA1"}]},
                 {"name": "tmpfs", "mountpoint": "/run", "type": "tmpfs", "disk": []}]"""));
        assertThat(s.fileSystems("g")).containsExactly(
                new GuestFileSystem("/", "vda", "ext4", List.of("vda"), 100L, 10L),
                new GuestFileSystem("/data", "sda1", "xfs", List.of("sda"), null, null),
                new GuestFileSystem("/run", "tmpfs", "tmpfs", List.of(), null, null));
    }

    @Test
    void freezeListsMountpointsAndThawRefusesThem() throws Exception {
        AgentService s = service(cmd -> switch (cmd.path("execute").asText()) {
            case "guest-fsfreeze-freeze-list" -> ok(String.valueOf(cmd.path("arguments").path("mountpoints").size()));
            case "guest-fsfreeze-freeze" -> ok("3");
            case "guest-fsfreeze-thaw" -> ok("3");
            case "guest-fsfreeze-status" -> ok("\"frozen\"");
            default -> null;
        });
        assertThat(s.freeze("g", List.of())).isEqualTo(3);
        assertThat(s.freeze("g", List.of("/", "/data"))).isEqualTo(2);
        assertThat(s.frozen("g")).isTrue();
        assertThat(s.thaw("g", List.of())).isEqualTo(3);
        assertThatThrownBy(() -> s.thaw("g", List.of("/")))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .hasMessageStartingWith("specifying mountpoints is not supported");
        assertThat(agent.commands.get(1)).contains("\"mountpoints\":[\"/\",\"/data\"]");
    }

    @Test
    void passwordIsSentInBase64AndTimeInNanoseconds() throws Exception {
        AgentService s = service(cmd -> switch (cmd.path("execute").asText()) {
            case "guest-get-time" -> ok("1700000000123456789");
            default -> ok("{}");
        });
        s.setUserPassword("g", "root", "s3cret", false);
        s.setTime("g", 1_700_000_000L, 5, false);
        s.setTime("g", null, 0, true);
        assertThat(s.time("g")).isEqualTo(new GuestTime(1_700_000_000L, 123456789));
        assertThat(agent.commands).containsExactly(
                "{\"execute\":\"guest-set-user-password\",\"arguments\":{\"username\":\"root\",\"password\":\"czNjcmV0\","
                        + "\"crypted\":false}}",
                "{\"execute\":\"guest-set-time\",\"arguments\":{\"time\":1700000000000000005}}",
                "rtc-reset-reinjection g",
                "{\"execute\":\"guest-set-time\"}",
                "rtc-reset-reinjection g",
                "{\"execute\":\"guest-get-time\"}");
        assertThatThrownBy(() -> s.setTime("g", 5L, 0, true)).isInstanceOf(DaemonException.class);
        assertThatThrownBy(() -> s.setTime("g", null, 0, false)).isInstanceOf(DaemonException.class);
        assertThatThrownBy(() -> s.setTime("g", Long.MAX_VALUE / 1000, 0, false))
                .hasMessage("Time '" + Long.MAX_VALUE / 1000 + "' is too big for guest agent.");
        assertThatThrownBy(() -> s.setTime("g", -1L, 0, false)).hasMessageContaining("is before 1970");
        assertThat(agent.commands).hasSize(6);
    }

    @Test
    void theRtcIsResetOnlyAfterTheAgentSetTheTimeOfAnX86Guest() throws Exception {
        AgentService s = service(cmd -> switch (cmd.path("execute").asText()) {
            case "guest-set-time" -> cmd.has("arguments") ? ok("{}")
                    : error("GenericError", "hwclock failed to set system time");
            default -> ok("{}");
        });
        assertThatThrownBy(() -> s.setTime("g", null, 0, true)).isInstanceOf(DaemonException.class)
                .hasMessageContaining("hwclock failed");
        assertThat(agent.commands).as("a failed set resets nothing, as libvirt")
                .containsExactly("{\"execute\":\"guest-set-time\"}");

        rtcFailure = new DaemonException(ErrorCode.HYPERVISOR_FAILED, "QEMU could not reset the RTC reinjection.");
        assertThatThrownBy(() -> s.setTime("g", 1_700_000_000L, 0, false)).isSameAs(rtcFailure);

        DomainDef arm = DomainXml.parse("<domain type='qemu'><name>a</name><memory>65536</memory><os><type "
                + "arch='aarch64'>hvm</type></os></domain>");
        assertThat(AgentService.x86(arm)).as("only x86 QEMUs have rtc-reset-reinjection").isFalse();
        assertThat(AgentService.x86(DEF)).as("no arch: jvirt's x86_64").isTrue();
    }

    @Test
    void interfacesAndTheirAddresses() throws Exception {
        AgentService s = service(cmd -> ok("[{\"name\": \"lo\", \"hardware-address\": \"00:00:00:00:00:00\", "
                + "\"ip-addresses\": [{\"ip-address-type\": \"ipv4\", \"ip-address\": \"127.0.0.1\", \"prefix\": 8}, "
                + "{\"ip-address-type\": \"ipv6\", \"ip-address\": \"::1\", \"prefix\": 128}]}, {\"name\": \"eth1\"}]"));
        assertThat(s.interfaces("g")).containsExactly(
                new GuestInterface("lo", "00:00:00:00:00:00", List.of(new GuestInterface.Address("ipv4", "127.0.0.1", 8),
                        new GuestInterface.Address("ipv6", "::1", 128))),
                new GuestInterface("eth1", null, List.of()));
    }

    @Test
    void aUsersCommandGoesAsWrittenWithLibvirtsTimeouts() throws Exception {
        AgentService s = service(cmd -> cmd.path("execute").asText().equals("guest-info") ? ok("{\"version\": \"7.2\"}")
                : cmd.path("execute").asText().equals("guest-bad") ? error("CommandNotFound", "no such command")
                : null);
        assertThat(s.command("g", "{\"execute\": \"guest-info\"}", new AgentTimeout(-1)))
                .isEqualTo("{\"return\":{\"version\":\"7.2\"}}");
        assertThat(s.command("g", "{\"execute\": \"guest-hang\"}", new AgentTimeout(0))).isNull();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> s.command("g", "{\"execute\": \"guest-hang\"}", new AgentTimeout(1)))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT))
                .hasMessageStartingWith("Guest agent is not responding: ")
                .hasMessageContaining("did not answer guest-hang within 1 s")
                .hasMessageEndingWith("Check that qemu-ga runs in domain 'g'.");
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(900).toNanos());
        assertThatThrownBy(() -> s.command("g", "{\"execute\": \"guest-bad\"}", new AgentTimeout(-1)))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .hasMessageEndingWith("unable to execute QEMU agent command 'guest-bad': no such command.");
        assertThatThrownBy(() -> s.command("g", "guest-info", new AgentTimeout(-1)))
                .isInstanceOfSatisfying(DaemonException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("The guest agent command is not valid JSON");
        assertThatThrownBy(() -> new AgentTimeout(-3)).hasMessage("guest agent timeout '-3' is less than the minimum '-2'.");
    }

    @Test
    void anAgentThatDoesNotRunInTheGuestTimesOutClearly() throws Exception {
        AgentService s = service(cmd -> ok("{}"));
        agent.silent();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> s.time("g"))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT))
                .hasMessageStartingWith("Guest agent is not responding: ")
                .hasMessageContaining("is qemu-ga running in the guest?");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(agent.commands).isEmpty();
    }

    @Test
    void aTypedCommandThatHangsTimesOut() throws Exception {
        AgentService s = service(cmd -> null);
        assertThatThrownBy(() -> s.interfaces("g"))
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT))
                .hasMessageContaining("did not answer guest-network-get-interfaces within 0.5 s");
    }

    @Test
    void theDomainsGuestAgentTimeoutReplacesTheServicesWait() throws Exception {
        agent = new FakeAgent(dir.resolve("ga.sock"), cmd -> null);
        AtomicReference<AgentTimeout> set = new AtomicReference<>(new AgentTimeout(2));
        AgentService s = new AgentService(ref -> new AgentService.Channel("g", agent.socket, DEF, set.get()),
                this::rtcReset, Duration.ofMillis(500));

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> s.time("g")).isInstanceOf(DaemonException.class)
                .hasMessageContaining("did not answer guest-get-time within 2 s");
        assertThat(System.nanoTime() - t0).as("the domain's 2 s, not the service's 0.5 s")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900).toNanos());

        set.set(new AgentTimeout(0));
        assertThatThrownBy(() -> s.time("g")).as("0: not even guest-sync is waited for, as libvirt")
                .isInstanceOfSatisfying(DaemonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT))
                .hasMessageContaining("did not answer within 0 s");
        assertThat(AgentService.syncWait(new AgentTimeout(-2))).isEqualTo(Duration.ofSeconds(5));
        assertThat(AgentService.syncWait(new AgentTimeout(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(AgentService.syncWait(new AgentTimeout(60))).isEqualTo(Duration.ofSeconds(5));
    }
}
