package io.jvirt.daemon.agent;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.GuestFileSystem;
import io.jvirt.api.GuestInfo;
import io.jvirt.api.GuestInterface;
import io.jvirt.api.GuestTime;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.daemon.DaemonException;
import io.jvirt.qemu.agent.AgentQueries;
import io.jvirt.qemu.agent.GuestAgent;
import io.jvirt.qemu.agent.GuestAgentException;
import io.jvirt.qemu.agent.GuestFacts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The guest agent verbs, as libvirt's QEMU driver carries them out: {@code qemu-agent-command},
 * {@code guestinfo}, {@code domfsinfo}, {@code domfsfreeze}, {@code domfsthaw},
 * {@code set-user-password}, {@code domtime} and {@code domifaddr --source agent}.
 *
 * <p>Each call opens the domain's agent channel, synchronizes with {@code guest-sync} (5 s,
 * as libvirt) and sends its commands; the typed commands wait at most {@link #TIMEOUT} for an
 * answer (libvirt waits without end by default; a guest that stopped answering must not hang
 * a client), and an agent that does not answer is reported as libvirt does it ("Guest agent
 * is not responding"). QEMU's end of the channel takes one client at a time, so the calls of
 * one domain take turns on a lock of its channel; they never take the domain's job lock (like
 * libvirt's agent jobs, they run beside a lifecycle job).
 */
public final class AgentService {
    /** How long a typed agent command may take to answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Finds a running domain's agent channel: the seam between the domains and this service. */
    public interface Channels {
        /**
         * The channel of the running domain {@code ref}.
         *
         * @throws DaemonException NOT_FOUND, INVALID_STATE (not running, paused) or UNSUPPORTED
         *         (no agent channel) in a whole sentence
         */
        Channel find(String ref);
    }

    /**
     * QEMU's part of setting a guest's clock: the seam between this service and the domain's
     * monitor.
     */
    public interface RtcReset {
        /**
         * Drops the RTC interrupts QEMU still owes the running domain {@code domain}
         * ({@code rtc-reset-reinjection}).
         *
         * @throws DaemonException when the domain stopped or QEMU refused, in a whole sentence
         */
        void resetReinjection(String domain);
    }

    /**
     * A running domain's agent channel.
     *
     * @param domain the domain's name
     * @param socket the host end of its {@code org.qemu.guest_agent.0} channel
     * @param live its live definition (to name its disks)
     * @param timeout the wait {@code guest-agent-timeout} set for the domain, or null for the
     *     service's own
     */
    public record Channel(String domain, Path socket, DomainDef live, AgentTimeout timeout) {
        /** A channel with the service's own wait. */
        public Channel(String domain, Path socket, DomainDef live) {
            this(domain, socket, live, null);
        }
    }

    private final Channels channels;
    private final RtcReset rtc;
    private final Duration timeout;
    private final ConcurrentHashMap<Path, ReentrantLock> turns = new ConcurrentHashMap<>();

    public AgentService(Channels channels, RtcReset rtc) {
        this(channels, rtc, TIMEOUT);
    }

    /** A service whose typed commands wait {@code timeout} (tests use short ones). */
    public AgentService(Channels channels, RtcReset rtc, Duration timeout) {
        this.channels = channels;
        this.rtc = rtc;
        this.timeout = timeout;
    }

    /**
     * Sends a user's command to the agent as written ({@code qemu-agent-command}) and returns
     * the agent's whole answer as JSON text, or null with {@link AgentTimeout#NOWAIT}.
     */
    public String command(String ref, String json, AgentTimeout wait) {
        return withAgent(ref, "run the command", (ch, agent) -> agent.passthrough(json, wait.duration()));
    }

    /**
     * What the agent knows of the guest ({@code guestinfo}), the groups asked for, or all of
     * them when {@code types} is empty; then, as libvirt, a group the agent does not support is
     * left out instead of failing the call.
     */
    public GuestInfo guestInfo(String ref, Set<GuestInfoType> types) {
        boolean all = types.isEmpty();
        return withAgent(ref, "report the guest's information", (ch, agent) -> {
            AgentQueries q = new AgentQueries(agent, wait(ch));
            GuestInfoParams p = new GuestInfoParams();
            for (GuestInfoType t : GuestInfoType.values()) {
                if (!all && !types.contains(t)) {
                    continue;
                }
                try {
                    switch (t) {
                        case USER -> p.users(q.users());
                        case OS -> p.os(q.osInfo());
                        case TIMEZONE -> p.timezone(q.timezone());
                        case HOSTNAME -> p.hostname(q.hostName());
                        case FILESYSTEM -> p.fileSystems(q.fileSystems(), ch.live());
                        case DISK -> p.disks(q.disks(), ch.live());
                        case INTERFACE -> p.interfaces(q.interfaces());
                    }
                } catch (GuestAgentException e) {
                    if (!all || !e.unsupportedCommand()) {
                        throw e;
                    }
                }
            }
            return p.build();
        });
    }

    /** The guest's mounted file systems and the domain's disks they live on ({@code domfsinfo}). */
    public List<GuestFileSystem> fileSystems(String ref) {
        return withAgent(ref, "report the guest's file systems", (ch, agent) -> {
            List<GuestFileSystem> out = new ArrayList<>();
            for (GuestFacts.FileSystem f : new AgentQueries(agent, wait(ch)).fileSystems()) {
                List<String> targets = new ArrayList<>();
                for (GuestFacts.DiskAddress d : f.disks()) {
                    DiskTargets.target(ch.live(), d).ifPresent(targets::add);
                }
                out.add(new GuestFileSystem(f.mountpoint(), f.name(), f.type(), targets, f.totalBytes(),
                        f.usedBytes()));
            }
            return out;
        });
    }

    /**
     * Freezes the guest's file systems, all or those mounted on {@code mountpoints}
     * ({@code domfsfreeze}); writes in the guest wait until {@link #thaw}.
     *
     * @return how many the agent froze
     */
    public int freeze(String ref, List<String> mountpoints) {
        return withAgent(ref, "freeze the guest's file systems",
                (ch, agent) -> new AgentQueries(agent, wait(ch)).freeze(mountpoints));
    }

    /**
     * Thaws the guest's frozen file systems ({@code domfsthaw}); as with libvirt, the agent
     * thaws all of them, so naming mount points is refused.
     *
     * @return how many the agent thawed
     */
    public int thaw(String ref, List<String> mountpoints) {
        if (!mountpoints.isEmpty()) {
            throw new DaemonException(ErrorCode.UNSUPPORTED, "specifying mountpoints is not supported: the QEMU "
                    + "guest agent thaws every frozen file system at once; run domfsthaw without --mountpoint.");
        }
        return withAgent(ref, "thaw the guest's file systems",
                (ch, agent) -> new AgentQueries(agent, wait(ch)).thaw());
    }

    /** Whether the guest's file systems are frozen ({@code guest-fsfreeze-status}). */
    public boolean frozen(String ref) {
        return withAgent(ref, "report whether the guest's file systems are frozen", (ch, agent) ->
                new AgentQueries(agent, wait(ch)).freezeStatus() == GuestFacts.FreezeStatus.FROZEN);
    }

    /** Sets a guest user's password ({@code set-user-password}); {@code encrypted}: it is a crypt(3) hash. */
    public void setUserPassword(String ref, String user, String password, boolean encrypted) {
        if (user == null || user.isEmpty() || password == null) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "set-user-password needs a user name and a "
                    + "password.");
        }
        withAgent(ref, "set the password of user '" + user + "'", (ch, agent) -> {
            new AgentQueries(agent, wait(ch)).setUserPassword(user, password, encrypted);
            return null;
        });
    }

    /** The guest's clock ({@code domtime}). */
    public GuestTime time(String ref) {
        long ns = withAgent(ref, "report the guest's time", (ch, agent) -> new AgentQueries(agent, wait(ch)).time());
        return new GuestTime(Math.floorDiv(ns, 1_000_000_000L), (int) Math.floorMod(ns, 1_000_000_000L));
    }

    /**
     * Sets the guest's clock ({@code domtime --time/--now}), or with {@code sync} from its
     * hardware clock ({@code domtime --sync}, no time then). Once the agent set it, an x86
     * guest's RTC reinjection is reset, as libvirt's qemuDomainSetTime does: the RTC interrupts
     * the guest missed before (while it was paused or restored, which is why its clock was set)
     * are not replayed to push the new time forward. Nothing is reset when the agent failed.
     */
    public void setTime(String ref, Long seconds, int nseconds, boolean sync) {
        Long nanos = null;
        if (sync && seconds != null) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "A time and --sync exclude each other: --sync sets "
                    + "the guest's clock from its hardware clock.");
        }
        if (!sync) {
            if (seconds == null) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Setting the guest's time needs the time "
                        + "(seconds since the epoch) or --sync.");
            }
            if (nseconds < 0 || nseconds > 999_999_999) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "The nanoseconds " + nseconds
                        + " are not within 0 to 999999999.");
            }
            if (seconds > Long.MAX_VALUE / 1_000_000_000L - 1) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Time '" + seconds
                        + "' is too big for guest agent.");
            }
            if (seconds < 0) {
                throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "Time '" + seconds
                        + "' is before 1970; give the seconds since the epoch.");
            }
            nanos = seconds * 1_000_000_000L + nseconds;
        }
        Long set = nanos;
        Channel ch = withAgent(ref, "set the guest's time", (c, agent) -> {
            new AgentQueries(agent, wait(c)).setTime(set);
            return c;
        });
        if (x86(ch.live())) {
            rtc.resetReinjection(ch.domain());
        }
    }

    /** Whether the guest is an x86 one, whose QEMU has {@code rtc-reset-reinjection} (no arch: jvirt's x86_64). */
    static boolean x86(DomainDef def) {
        String arch = def == null || def.os() == null ? null : def.os().arch();
        return arch == null || arch.equals("x86_64") || arch.equals("i686");
    }

    /** The guest's network interfaces and addresses ({@code domifaddr --source agent}). */
    public List<GuestInterface> interfaces(String ref) {
        return withAgent(ref, "report the guest's network interfaces", (ch, agent) -> {
            List<GuestInterface> out = new ArrayList<>();
            for (GuestFacts.Interface i : new AgentQueries(agent, wait(ch)).interfaces()) {
                out.add(new GuestInterface(i.name(), i.hardwareAddress(), i.addresses().stream()
                        .map(a -> new GuestInterface.Address(a.type(), a.address(), a.prefix())).toList()));
            }
            return out;
        });
    }

    /**
     * How long a typed command waits on this channel: the domain's {@code guest-agent-timeout}
     * (null: as long as the agent takes), else the service's own.
     */
    private Duration wait(Channel ch) {
        return ch.timeout() == null ? timeout : ch.timeout().duration();
    }

    /** Work with a connected agent. */
    private interface AgentWork<T> {
        T run(Channel channel, GuestAgent agent);
    }

    /** Connects to the domain's agent (taking the channel's turn) and runs {@code work}, mapping failures. */
    private <T> T withAgent(String ref, String what, AgentWork<T> work) {
        Channel ch = channels.find(ref);
        ReentrantLock turn = turns.computeIfAbsent(ch.socket(), s -> new ReentrantLock(true));
        turn.lock();
        try (GuestAgent agent = GuestAgent.connect(ch.socket(), syncWait(ch.timeout()))) {
            return work.run(ch, agent);
        } catch (GuestAgentException e) {
            throw failure(ch.domain(), what, e);
        } finally {
            turn.unlock();
        }
    }

    /**
     * The wait for {@code guest-sync}: 5 s, or a shorter {@code guest-agent-timeout} of 0 or more
     * seconds (as libvirt's qemuAgentGuestSync).
     */
    static Duration syncWait(AgentTimeout t) {
        if (t == null || t.seconds() < 0) {
            return GuestAgent.SYNC_TIMEOUT;
        }
        Duration d = t.duration();
        return d.compareTo(GuestAgent.SYNC_TIMEOUT) < 0 ? d : GuestAgent.SYNC_TIMEOUT;
    }

    /** A guest agent failure as a daemon error with libvirt's words. */
    static DaemonException failure(String domain, String what, GuestAgentException e) {
        return switch (e.kind()) {
            case UNREACHABLE -> new DaemonException(ErrorCode.HYPERVISOR_FAILED, "Guest agent is not responding: QEMU "
                    + "guest agent is not connected. " + e.getMessage() + " Domain '" + domain + "' may be "
                    + "stopping; try again once it runs.", e);
            case NOT_RESPONDING, TIMEOUT -> new DaemonException(ErrorCode.TIMEOUT, "Guest agent is not responding: "
                    + e.getMessage() + " Check that qemu-ga runs in domain '" + domain + "'.", e);
            case COMMAND_FAILED -> new DaemonException(e.unsupportedCommand() ? ErrorCode.UNSUPPORTED
                    : ErrorCode.HYPERVISOR_FAILED, "The guest agent of domain '" + domain + "' could not " + what
                    + ": " + e.getMessage(), e);
            case INVALID_COMMAND -> new DaemonException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
            case INTERRUPTED -> new DaemonException(ErrorCode.INTERNAL, "The daemon was interrupted while the guest "
                    + "agent of domain '" + domain + "' was to " + what + ".", e);
        };
    }
}
