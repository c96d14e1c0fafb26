package io.jvirt.qemu.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jvirt.qemu.agent.GuestFacts.DiskAddress;
import io.jvirt.qemu.agent.GuestFacts.FileSystem;
import io.jvirt.qemu.agent.GuestFacts.FreezeStatus;
import io.jvirt.qemu.agent.GuestFacts.Interface;
import io.jvirt.qemu.agent.GuestFacts.IpAddress;
import io.jvirt.qemu.agent.GuestFacts.OsInfo;
import io.jvirt.qemu.agent.GuestFacts.PciAddress;
import io.jvirt.qemu.agent.GuestFacts.Timezone;
import io.jvirt.qemu.agent.GuestFacts.User;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The guest agent's typed commands over one {@link GuestAgent} connection: what the daemon
 * asks ({@code guestinfo}, {@code domfsinfo}, {@code domfsfreeze}, {@code set-user-password},
 * {@code domtime}, {@code domifaddr --source agent}) without building or reading JSON itself.
 * Each call waits at most the timeout given at construction (null: as long as the agent takes).
 */
public final class AgentQueries {
    /** guest-get-osinfo's members in the order libvirt reports them. */
    private static final List<String> OS_FIELDS = List.of("id", "name", "pretty-name", "version", "version-id",
            "machine", "variant", "variant-id", "kernel-release", "kernel-version");

    private final GuestAgent agent;
    private final Duration timeout;

    public AgentQueries(GuestAgent agent, Duration timeout) {
        this.agent = agent;
        this.timeout = timeout;
    }

    /** The guest's host name ({@code guest-get-host-name}). */
    public String hostName() {
        return text(call("guest-get-host-name", null).path("host-name"), "host-name", "guest-get-host-name");
    }

    /** The guest's operating system ({@code guest-get-osinfo}). */
    public OsInfo osInfo() {
        JsonNode r = call("guest-get-osinfo", null);
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : OS_FIELDS) {
            if (r.path(f).isTextual()) {
                out.put(f, r.path(f).asText());
            }
        }
        return new OsInfo(out);
    }

    /** The users logged in ({@code guest-get-users}). */
    public List<User> users() {
        List<User> out = new ArrayList<>();
        for (JsonNode u : array(call("guest-get-users", null), "guest-get-users")) {
            out.add(new User(text(u.path("user"), "user", "guest-get-users"), optText(u.path("domain")),
                    u.path("login-time").asDouble()));
        }
        return out;
    }

    /** The guest's time zone ({@code guest-get-timezone}). */
    public Timezone timezone() {
        JsonNode r = call("guest-get-timezone", null);
        if (!r.path("offset").isIntegralNumber()) {
            throw malformed("guest-get-timezone", "'offset' is missing");
        }
        return new Timezone(optText(r.path("zone")), r.path("offset").asInt());
    }

    /** The mounted file systems ({@code guest-get-fsinfo}). */
    public List<FileSystem> fileSystems() {
        List<FileSystem> out = new ArrayList<>();
        for (JsonNode f : array(call("guest-get-fsinfo", null), "guest-get-fsinfo")) {
            List<DiskAddress> disks = new ArrayList<>();
            for (JsonNode d : f.path("disk")) {
                disks.add(diskAddress(d));
            }
            out.add(new FileSystem(text(f.path("name"), "name", "guest-get-fsinfo"),
                    text(f.path("mountpoint"), "mountpoint", "guest-get-fsinfo"),
                    text(f.path("type"), "type", "guest-get-fsinfo"), optLong(f.path("total-bytes")),
                    optLong(f.path("used-bytes")), disks));
        }
        return out;
    }

    /** The guest's block devices ({@code guest-get-disks}). */
    public List<GuestFacts.Disk> disks() {
        List<GuestFacts.Disk> out = new ArrayList<>();
        for (JsonNode d : array(call("guest-get-disks", null), "guest-get-disks")) {
            List<String> deps = new ArrayList<>();
            for (JsonNode dep : d.path("dependencies")) {
                deps.add(dep.asText());
            }
            if (!d.path("partition").isBoolean()) {
                throw malformed("guest-get-disks", "'partition' is missing");
            }
            out.add(new GuestFacts.Disk(text(d.path("name"), "name", "guest-get-disks"), d.path("partition").asBoolean(),
                    deps, d.path("address").isObject() ? diskAddress(d.path("address")) : null,
                    optText(d.path("alias"))));
        }
        return out;
    }

    /** The guest's network interfaces and their addresses ({@code guest-network-get-interfaces}). */
    public List<Interface> interfaces() {
        List<Interface> out = new ArrayList<>();
        for (JsonNode i : array(call("guest-network-get-interfaces", null), "guest-network-get-interfaces")) {
            List<IpAddress> ips = new ArrayList<>();
            for (JsonNode a : i.path("ip-addresses")) {
                String type = a.path("ip-address-type").asText();
                if (!type.equals("ipv4") && !type.equals("ipv6")) {
                    throw malformed("guest-network-get-interfaces", "the address type '" + type + "' is unknown");
                }
                ips.add(new IpAddress(type, text(a.path("ip-address"), "ip-address", "guest-network-get-interfaces"),
                        a.path("prefix").asInt()));
            }
            out.add(new Interface(text(i.path("name"), "name", "guest-network-get-interfaces"),
                    optText(i.path("hardware-address")), ips));
        }
        return out;
    }

    /**
     * Freezes the guest's file systems, all of them or those mounted on {@code mountpoints}
     * ({@code guest-fsfreeze-freeze}, {@code guest-fsfreeze-freeze-list}).
     *
     * @return how many the agent froze
     */
    public int freeze(List<String> mountpoints) {
        if (mountpoints.isEmpty()) {
            return call("guest-fsfreeze-freeze", null).asInt();
        }
        ObjectNode args = GuestAgent.arguments();
        ArrayNode list = args.putArray("mountpoints");
        mountpoints.forEach(list::add);
        return call("guest-fsfreeze-freeze-list", args).asInt();
    }

    /** Thaws every frozen file system ({@code guest-fsfreeze-thaw}); returns how many. */
    public int thaw() {
        return call("guest-fsfreeze-thaw", null).asInt();
    }

    /** Whether the guest's file systems are frozen ({@code guest-fsfreeze-status}). */
    public FreezeStatus freezeStatus() {
        String s = call("guest-fsfreeze-status", null).asText();
        return switch (s) {
            case "thawed" -> FreezeStatus.THAWED;
            case "frozen" -> FreezeStatus.FROZEN;
            default -> throw malformed("guest-fsfreeze-status", "the status '" + s + "' is unknown");
        };
    }

    /**
     * Sets a user's password ({@code guest-set-user-password}); {@code crypted}: the password
     * is already a crypt(3) hash.
     */
    public void setUserPassword(String user, String password, boolean crypted) {
        ObjectNode args = GuestAgent.arguments().put("username", user)
                .put("password", Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)))
                .put("crypted", crypted);
        call("guest-set-user-password", args);
    }

    /** The guest's clock in nanoseconds since the epoch ({@code guest-get-time}). */
    public long time() {
        JsonNode r = call("guest-get-time", null);
        if (!r.isIntegralNumber()) {
            throw malformed("guest-get-time", "the answer is no number");
        }
        return r.asLong();
    }

    /**
     * Sets the guest's clock ({@code guest-set-time}): to {@code nanos} since the epoch, or,
     * with null, from the guest's hardware clock (the RTC QEMU keeps in step with the host).
     */
    public void setTime(Long nanos) {
        ObjectNode args = null;
        if (nanos != null) {
            args = GuestAgent.arguments().put("time", nanos);
        }
        call("guest-set-time", args);
    }

    private JsonNode call(String command, ObjectNode args) {
        return agent.call(command, args, timeout);
    }

    private static DiskAddress diskAddress(JsonNode d) {
        JsonNode p = d.path("pci-controller");
        return new DiskAddress(new PciAddress(p.path("domain").asInt(), p.path("bus").asInt(), p.path("slot").asInt(),
                p.path("function").asInt()), optText(d.path("bus-type")), d.path("bus").asInt(),
                d.path("target").asInt(), d.path("unit").asInt(), optText(d.path("serial")), optText(d.path("dev")));
    }

    private static Iterable<JsonNode> array(JsonNode r, String command) {
        if (!r.isArray()) {
            throw malformed(command, "the answer is no array");
        }
        return r;
    }

    private static String text(JsonNode n, String member, String command) {
        if (!n.isTextual()) {
            throw malformed(command, "'" + member + "' is missing");
        }
        return n.asText();
    }

    private static String optText(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    private static Long optLong(JsonNode n) {
        return n.isIntegralNumber() ? n.asLong() : null;
    }

    private static GuestAgentException malformed(String command, String what) {
        return GuestAgentException.failed("", "The guest agent's answer to "
                + command + " is malformed: " + what + ".");
    }
}
