#!/usr/bin/env bash
# libvirt NAT network start/destroy latency, measured on a private system-mode libvirtd that
# lives in its own network and mount namespaces (see bench/libvirt-private.sh). Prints
# `name: value unit` lines (medians of RUNS) and checks that the host's interfaces, routes and
# firewall are the same before and after. Needs root.
#   bench/network-libvirt-demo.sh [RUNS]
# Environment: LV_RAW=1 also prints the single runs (stderr); LV_CAPS_CACHE=DIR keeps libvirt's
# QEMU capability cache between runs (cuts daemon start from ~8 s to ~0.15 s here).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS=${1:-5}
NS=jvlvbench
BR=jvbench0
# shellcheck source=bench/libvirt-private.sh
source "$HERE/bench/libvirt-private.sh"
lv_install_packages

TMP="$(mktemp -d /tmp/jvlvbench.XXXXXX)"
chmod 755 "$TMP"
# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() {
    lv_stop
    lv_netns_delete "$NS"
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
warn() { echo "warning: $*"; }

# What the host looks like (compared again at the end; nothing here may change).
host_state() {
    echo "## links";   ip -br link | sort
    echo "## addr";    ip -br addr | sort
    echo "## route4";  ip route show table all
    echo "## route6";  ip -6 route show table all
    echo "## sysctl";  grep -r . /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/all \
                           /proc/sys/net/ipv6/conf/all /proc/sys/net/bridge 2>/dev/null || true
    echo "## nft";     nft list ruleset
    echo "## iptables"; iptables-save 2>/dev/null | grep -v '^#' || true
    echo "## ip6tables"; ip6tables-save 2>/dev/null | grep -v '^#' || true
}
host_state > "$TMP/host.before"

lv_netns_create "$NS"
NSINO=$(stat -L -c %i "/run/netns/$NS")
lv_start "$NS" "$TMP/lv"

others=$(lv_virsh net-list --all --name | sed '/^$/d')
[[ -z "$others" ]] || warn "private libvirtd already has networks: $others"

cat > "$TMP/bench-net.xml" <<XML
<network><name>bench</name><forward mode='nat'/><bridge name='$BR' stp='on' delay='0'/><ip address='192.168.150.1' netmask='255.255.255.0'><dhcp><range start='192.168.150.2' end='192.168.150.254'/></dhcp></ip></network>
XML
lv_virsh net-define "$TMP/bench-net.xml" >/dev/null

# dnsmasq for the network, alive and inside our namespace; prints its pid
dnsmasq_in_ns() {
    local pid
    pid=$(lv_dnsmasq_pid bench)
    [[ -n "$pid" && "$(stat -L -c %i "/proc/$pid/ns/net" 2>/dev/null)" == "$NSINO" ]] && echo "$pid"
    return 0
}
# Run 0 is the first start in a fresh daemon: it also creates libvirt's LIBVIRT_* chains
# (~30 extra iptables calls), so it is reported on its own and kept out of the medians.
: > "$TMP/start"; : > "$TMP/destroy"; : > "$TMP/dnsmasq_gone"; : > "$TMP/list"
for i in $(seq 0 "$RUNS"); do
    t=$(now); lv_virsh net-start bench >/dev/null; d=$(ms "$t" "$(now)")
    if (( i == 0 )); then echo "virsh_net_start_first: $d ms"; else echo "$d" >> "$TMP/start"; fi
    ip -n "$NS" link show "$BR" >/dev/null 2>&1 || warn "run $i: bridge $BR missing in $NS after net-start"
    ip -n "$NS" -4 addr show dev "$BR" 2>/dev/null | grep -q '192.168.150.1/24' || warn "run $i: $BR has no 192.168.150.1/24"
    DPID=$(dnsmasq_in_ns)
    [[ -n "$DPID" ]] || warn "run $i: no dnsmasq running for network bench in $NS after net-start"
    if (( i == 0 )); then
        ip netns exec "$NS" iptables-save > "$TMP/ns.iptables"
        ip netns exec "$NS" ip6tables-save > "$TMP/ns.ip6tables"
        ip netns exec "$NS" nft list ruleset > "$TMP/ns.nft" 2>/dev/null
        ip netns exec "$NS" cat /proc/sys/net/ipv4/ip_forward > "$TMP/ns.forward"
    fi
    t=$(now); lv_virsh net-list --name >/dev/null; (( i == 0 )) || ms "$t" "$(now)" >> "$TMP/list"
    t=$(now); lv_virsh net-destroy bench >/dev/null; (( i == 0 )) || ms "$t" "$(now)" >> "$TMP/destroy"
    ip -n "$NS" link show "$BR" >/dev/null 2>&1 && warn "run $i: bridge $BR still present after net-destroy"
    if [[ -n "$DPID" ]]; then   # libvirt sends SIGTERM and does not wait; allow it a moment
        t=$(now); gone=""
        for _ in $(seq 200); do
            st=$(awk '{print $3}' "/proc/$DPID/stat" 2>/dev/null) || st=""
            [[ -z "$st" || "$st" == Z ]] && { gone=1; break; }
            sleep 0.005
        done
        if [[ -n "$gone" ]]; then ms "$t" "$(now)" >> "$TMP/dnsmasq_gone"; else warn "run $i: dnsmasq $DPID still running 1 s after net-destroy"; fi
    fi
done
lv_virsh net-undefine bench >/dev/null

[[ -n "${LV_RAW:-}" ]] && echo "raw: start $(tr '\n' ' ' < "$TMP/start")destroy $(tr '\n' ' ' < "$TMP/destroy")list $(tr '\n' ' ' < "$TMP/list")" >&2
echo "virsh_net_start: $(median < "$TMP/start") ms"
echo "virsh_net_destroy: $(median < "$TMP/destroy") ms"
echo "virsh_net_list_roundtrip: $(median < "$TMP/list") ms"
[[ ! -s "$TMP/dnsmasq_gone" ]] || echo "dnsmasq_exit_after_net_destroy: $(median < "$TMP/dnsmasq_gone") ms"

# --- firewall: which backend libvirt used, and that its rules stayed in the namespace ----------
v4=$(grep -c '^-A .*LIBVIRT_' "$TMP/ns.iptables" || true)
v6=$(grep -c '^-A .*LIBVIRT_' "$TMP/ns.ip6tables" || true)
if iptables -V | grep -q nf_tables; then mode=nft; else mode=legacy; fi
# libvirt 9.0 has no nftables backend of its own: it runs iptables/ip6tables (or goes through
# firewalld over D-Bus, which the private mount namespace hides).
grep -q 'disabling firewalld support' "$TMP/lv/libvirtd.log" || warn "libvirtd log does not say firewalld support is off"
echo "libvirt_firewall_backend: iptables-$mode"
echo "libvirt_netns_iptables_rules_while_active: $v4 ipv4, $v6 ipv6"
(( v4 > 0 )) || warn "no LIBVIRT_ iptables rules found inside $NS while the network was active"
grep -q 'chain LIBVIRT_' "$TMP/ns.nft" || [[ "$mode" != nft ]] || warn "iptables-nft rules not visible in nft list ruleset inside $NS"
[[ "$(cat "$TMP/ns.forward")" == 1 ]] || warn "libvirt did not enable ip_forward inside $NS"
grep -q MASQUERADE "$TMP/ns.iptables" || warn "no MASQUERADE rule inside $NS"

# --- stop everything, then the host must look exactly as before ---------------------------------
lv_stop
lv_netns_delete "$NS"
host_state > "$TMP/host.after"
if diff -q "$TMP/host.before" "$TMP/host.after" >/dev/null; then
    echo "host_network_state_changed: no"
else
    echo "host_network_state_changed: yes"
    warn "host interfaces/routes/firewall differ (may also be another process on this host):"
    diff "$TMP/host.before" "$TMP/host.after" | head -20 | sed 's/^/  /'
fi
grep -q 'LIBVIRT_' "$TMP/host.after" && warn "host ruleset contains LIBVIRT_ chains"
exit 0
