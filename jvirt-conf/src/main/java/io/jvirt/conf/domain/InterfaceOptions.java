package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The less common settings of an {@code <interface>}, apart from {@link InterfaceDef} so that the
 * card itself stays readable; every value is null (or empty) when not given. What depends on the
 * interface's type or model is checked by {@link InterfaceDef}.
 *
 * @param macType the {@code <mac type>}: whether libvirt generated the address or it was given, or null
 * @param macCheck the {@code <mac check>} (whether a VMware-range MAC is checked), or null
 * @param trustGuestRxFilters whether the host follows the guest's MAC and multicast filters, or null
 * @param targetManaged the {@code <target managed>}: false for a tap the user made and jvirt must not create or delete, or null
 * @param guestDev the {@code <guest dev>} name the guest should give the card, or null
 * @param ips the guest-side {@code <ip>} addresses (user-mode networks only)
 * @param routes the guest-side {@code <route>}s (refused for QEMU, kept for the message)
 * @param script the {@code <script path>} run on the tap (refused unless it is libvirt's no-op), or null
 * @param downscript the {@code <downscript path>}, or null
 * @param driver the virtio {@code <driver>}, or null
 * @param backendTap the {@code <backend tap>} device to open instead of /dev/net/tun, or null
 * @param backendVhost the {@code <backend vhost>} device to open instead of /dev/vhost-net, or null
 * @param filterref the nwfilter reference (kept, not applied), or null
 * @param sndbuf the tap's send buffer ({@code <tune><sndbuf>}) in bytes, or null
 * @param teaming the failover role, or null
 * @param coalesceRxFrames the {@code <coalesce><rx><frames max>} of the tap, or null
 * @param rom the option ROM, or null
 * @param acpiIndex the ACPI index the guest names the card by ({@code <acpi index>}), or null
 * @param portIsolated the {@code <port isolated>}: whether the port may not talk to other isolated ports, or null
 * @param virtualport the port profile, or null
 * @param alias the {@code <alias name>}, QEMU's id of the card: a user alias ({@code ua-...}) or the one the
 *     daemon gave a card of a running domain (its live definition), or null
 */
public record InterfaceOptions(MacType macType, Boolean macCheck, Boolean trustGuestRxFilters, Boolean targetManaged, String guestDev, List<NicIp> ips, List<NicRoute> routes, String script, String downscript, NetDriver driver, String backendTap, String backendVhost, FilterRef filterref, Long sndbuf, TeamingDef teaming, Integer coalesceRxFrames, RomDef rom, Integer acpiIndex, Boolean portIsolated, VirtualPort virtualport, String alias) {

    /** No option given. */
    public static final InterfaceOptions NONE = new Builder().build();

    private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}");

    /** Validates the values that stand on their own. */
    public InterfaceOptions {
        ips = ips == null ? List.of() : List.copyOf(ips);
        routes = routes == null ? List.of() : List.copyOf(routes);
        Checks.noControl(guestDev, "The interface <guest dev>");
        Checks.path(script, "The interface <script path>");
        Checks.path(downscript, "The interface <downscript path>");
        Checks.path(backendTap, "The interface <backend tap>");
        Checks.path(backendVhost, "The interface <backend vhost>");
        Checks.range(acpiIndex, 1, 16383, "The interface ACPI index");
        if (sndbuf != null && sndbuf < 0) {
            throw new ConfException(Kind.INVALID_VALUE, "The interface <sndbuf> must not be negative.");
        }
        if (alias != null && !ALIAS.matcher(alias).matches()) {
            throw new ConfException(Kind.INVALID_VALUE, "The alias '" + Checks.printable(alias)
                    + "' is not valid; an alias starts with a letter followed by letters, digits, '_', '.' or '-' (a user "
                    + "alias with 'ua-').");
        }
        if (driver != null && driver.isEmpty()) {
            driver = null;
        }
    }

    /** Returns a builder holding these options, to make a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The {@code type} attribute of {@code <mac>}. */
    public enum MacType implements XmlEnum {
        /** libvirt generated the address. */
        GENERATED("generated"),
        /** The address was given. */
        STATIC("static");

        private final String xml;

        MacType(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /** Collects the options; {@link #build()} validates them. */
    public static final class Builder {
        private MacType macType;
        private Boolean macCheck;
        private Boolean trustGuestRxFilters;
        private Boolean targetManaged;
        private String guestDev;
        private List<NicIp> ips;
        private List<NicRoute> routes;
        private String script;
        private String downscript;
        private NetDriver driver;
        private String backendTap;
        private String backendVhost;
        private FilterRef filterref;
        private Long sndbuf;
        private TeamingDef teaming;
        private Integer coalesceRxFrames;
        private RomDef rom;
        private Integer acpiIndex;
        private Boolean portIsolated;
        private VirtualPort virtualport;
        private String alias;

        /** Starts with no option given. */
        public Builder() {
        }

        private Builder(InterfaceOptions o) {
            macType = o.macType;
            macCheck = o.macCheck;
            trustGuestRxFilters = o.trustGuestRxFilters;
            targetManaged = o.targetManaged;
            guestDev = o.guestDev;
            ips = o.ips;
            routes = o.routes;
            script = o.script;
            downscript = o.downscript;
            driver = o.driver;
            backendTap = o.backendTap;
            backendVhost = o.backendVhost;
            filterref = o.filterref;
            sndbuf = o.sndbuf;
            teaming = o.teaming;
            coalesceRxFrames = o.coalesceRxFrames;
            rom = o.rom;
            acpiIndex = o.acpiIndex;
            portIsolated = o.portIsolated;
            virtualport = o.virtualport;
            alias = o.alias;
        }

        /** Sets {@code macType}; returns this builder. */
        public Builder macType(MacType value) {
            macType = value;
            return this;
        }

        /** Sets {@code macCheck}; returns this builder. */
        public Builder macCheck(Boolean value) {
            macCheck = value;
            return this;
        }

        /** Sets {@code trustGuestRxFilters}; returns this builder. */
        public Builder trustGuestRxFilters(Boolean value) {
            trustGuestRxFilters = value;
            return this;
        }

        /** Sets {@code targetManaged}; returns this builder. */
        public Builder targetManaged(Boolean value) {
            targetManaged = value;
            return this;
        }

        /** Sets {@code guestDev}; returns this builder. */
        public Builder guestDev(String value) {
            guestDev = value;
            return this;
        }

        /** Sets {@code ips}; returns this builder. */
        public Builder ips(List<NicIp> value) {
            ips = value;
            return this;
        }

        /** Sets {@code routes}; returns this builder. */
        public Builder routes(List<NicRoute> value) {
            routes = value;
            return this;
        }

        /** Sets {@code script}; returns this builder. */
        public Builder script(String value) {
            script = value;
            return this;
        }

        /** Sets {@code downscript}; returns this builder. */
        public Builder downscript(String value) {
            downscript = value;
            return this;
        }

        /** Sets {@code driver}; returns this builder. */
        public Builder driver(NetDriver value) {
            driver = value;
            return this;
        }

        /** Sets {@code backendTap}; returns this builder. */
        public Builder backendTap(String value) {
            backendTap = value;
            return this;
        }

        /** Sets {@code backendVhost}; returns this builder. */
        public Builder backendVhost(String value) {
            backendVhost = value;
            return this;
        }

        /** Sets {@code filterref}; returns this builder. */
        public Builder filterref(FilterRef value) {
            filterref = value;
            return this;
        }

        /** Sets {@code sndbuf}; returns this builder. */
        public Builder sndbuf(Long value) {
            sndbuf = value;
            return this;
        }

        /** Sets {@code teaming}; returns this builder. */
        public Builder teaming(TeamingDef value) {
            teaming = value;
            return this;
        }

        /** Sets {@code coalesceRxFrames}; returns this builder. */
        public Builder coalesceRxFrames(Integer value) {
            coalesceRxFrames = value;
            return this;
        }

        /** Sets {@code rom}; returns this builder. */
        public Builder rom(RomDef value) {
            rom = value;
            return this;
        }

        /** Sets {@code acpiIndex}; returns this builder. */
        public Builder acpiIndex(Integer value) {
            acpiIndex = value;
            return this;
        }

        /** Sets {@code portIsolated}; returns this builder. */
        public Builder portIsolated(Boolean value) {
            portIsolated = value;
            return this;
        }

        /** Sets {@code virtualport}; returns this builder. */
        public Builder virtualport(VirtualPort value) {
            virtualport = value;
            return this;
        }

        /** Sets {@code alias}; returns this builder. */
        public Builder alias(String value) {
            alias = value;
            return this;
        }

        /** Returns the validated options. */
        public InterfaceOptions build() {
            return new InterfaceOptions(macType, macCheck, trustGuestRxFilters, targetManaged, guestDev, ips, routes, script, downscript, driver, backendTap, backendVhost, filterref, sndbuf, teaming, coalesceRxFrames, rom, acpiIndex, portIsolated, virtualport, alias);
        }
    }
}
