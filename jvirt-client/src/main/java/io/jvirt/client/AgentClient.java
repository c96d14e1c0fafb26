package io.jvirt.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jvirt.api.AgentReply;
import io.jvirt.api.AgentTimeoutInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.FsCount;
import io.jvirt.api.FsFreezeRequest;
import io.jvirt.api.GuestFileSystem;
import io.jvirt.api.GuestInfo;
import io.jvirt.api.GuestInterface;
import io.jvirt.api.GuestPasswordRequest;
import io.jvirt.api.GuestTime;
import io.jvirt.api.GuestTimeRequest;
import io.jvirt.api.Json;

import java.util.List;

/**
 * The guest agent calls over a {@link JvirtClient}'s connection ({@code qemu-agent-command},
 * {@code guestinfo}, {@code domfsinfo}, {@code domfsfreeze}, {@code domfsthaw},
 * {@code set-user-password}, {@code domtime}, {@code domifaddr --source agent}): the routes
 * the daemon's {@code AgentRoutes} serves.
 */
public final class AgentClient {
    private static final String JSON = "application/json";
    private final JvirtClient client;

    public AgentClient(JvirtClient client) {
        this.client = client;
    }

    /**
     * Sends a command to the guest agent as written and returns its whole answer (null with
     * {@code timeout} 0, which does not wait).
     *
     * @param timeout libvirt's value: -2 wait as long as it takes, -1 the default (5 s), 0 do
     *                not wait, else seconds
     */
    public String command(String ref, String command, int timeout) {
        return client.json(client.call("POST", path(ref, "command") + "?timeout=" + timeout, JSON, command),
                AgentReply.class).reply();
    }

    /**
     * Sets how long the daemon's agent calls of the domain wait ({@code guest-agent-timeout}).
     *
     * @param seconds libvirt's value: -2 as long as it takes, -1 the default (5 s), 0 no wait, else seconds
     */
    public AgentTimeoutInfo setTimeout(String ref, int seconds) {
        return client.json(client.call("PUT", path(ref, "timeout") + "?seconds=" + seconds, null, null),
                AgentTimeoutInfo.class);
    }

    /** The domain's agent timeout ({@code timeout} null while jvirt's default applies). */
    public AgentTimeoutInfo timeout(String ref) {
        return client.json(get(path(ref, "timeout")), AgentTimeoutInfo.class);
    }

    /** What the agent reports about the guest; {@code types} empty for everything it supports. */
    public GuestInfo guestInfo(String ref, List<String> types) {
        return client.json(get(path(ref, "info") + (types.isEmpty() ? ""
                : "?types=" + JvirtClient.enc(String.join(",", types)))), GuestInfo.class);
    }

    /** The guest's mounted file systems ({@code domfsinfo}). */
    public List<GuestFileSystem> fileSystems(String ref) {
        return client.list(get(path(ref, "filesystems")), GuestFileSystem.class);
    }

    /** Freezes the guest's file systems, all or those on {@code mountpoints}; returns how many. */
    public int freeze(String ref, List<String> mountpoints) {
        return client.json(client.call("POST", path(ref, "fs-freeze"), JSON, body(new FsFreezeRequest(mountpoints))),
                FsCount.class).count();
    }

    /** Thaws the guest's file systems; returns how many. */
    public int thaw(String ref, List<String> mountpoints) {
        return client.json(client.call("POST", path(ref, "fs-thaw"), JSON, body(new FsFreezeRequest(mountpoints))),
                FsCount.class).count();
    }

    /** Whether the guest's file systems are frozen. */
    public boolean frozen(String ref) {
        return client.json(get(path(ref, "fs-frozen")), JsonNode.class).path("frozen").asBoolean();
    }

    /** Sets a guest user's password; {@code encrypted}: it is a crypt(3) hash. */
    public void setUserPassword(String ref, String user, String password, boolean encrypted) {
        client.call("POST", path(ref, "user-password"), JSON, body(new GuestPasswordRequest(user, password, encrypted)));
    }

    /** The guest's clock. */
    public GuestTime time(String ref) {
        return client.json(get(path(ref, "time")), GuestTime.class);
    }

    /** Sets the guest's clock to {@code seconds}, or with {@code sync} from its hardware clock. */
    public void setTime(String ref, Long seconds, int nseconds, boolean sync) {
        client.call("PUT", path(ref, "time"), JSON, body(new GuestTimeRequest(seconds, nseconds, sync)));
    }

    /** The guest's network interfaces and addresses, as its agent reports them. */
    public List<GuestInterface> interfaces(String ref) {
        return client.list(get(path(ref, "interfaces")), GuestInterface.class);
    }

    private HttpResponse get(String target) {
        return client.call("GET", target, null, null);
    }

    private static String body(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new JvirtClientException(ErrorCode.INTERNAL, "cannot write the request: " + e.getMessage(), e);
        }
    }

    private static String path(String ref, String sub) {
        return "/v1/domains/" + JvirtClient.enc(ref) + "/agent/" + sub;
    }
}
