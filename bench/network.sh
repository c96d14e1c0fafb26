#!/usr/bin/env bash
# Network benchmark: net-start and net-destroy of a NAT network with DHCP, jvirt and libvirt
# side by side in one run, each daemon in a network namespace of its own (nothing touches the
# host's interfaces, routes or firewall), then guest-to-guest TCP throughput on a jvirt network
# for reference. Prints `name: value unit` lines (medians of RUNS). Needs root.
#   bench/network.sh [RUNS]
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS=${1:-7}
NSJ=jvnetbench
NSL=jvlvbench
# shellcheck source=bench/libvirt-private.sh
source "$HERE/bench/libvirt-private.sh"
lv_install_packages
bench_build
GUEST=/var/cache/jvirt/guest
bash "$HERE/scripts/build-test-guest.sh" "$GUEST" >&2
TMP="$(mktemp -d /tmp/jvnetbench.XXXXXX)"
chmod 755 "$TMP"
# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() {
    jvirtd_stop
    if ip netns list | grep -qw "$NSJ"; then
        for p in $(ip netns pids "$NSJ"); do kill "$p" 2>/dev/null || true; done
        sleep 0.5
        for p in $(ip netns pids "$NSJ"); do kill -9 "$p" 2>/dev/null || true; done
        ip netns del "$NSJ"
    fi
    lv_stop
    lv_netns_delete "$NSL"
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
jv() { "$HERE/jvirt" -c "$TMP/jvirtd.sock" "$@"; }

# --- daemons, each in its own namespace --------------------------------------
ip netns add "$NSJ"
ip -n "$NSJ" link set lo up
jvirtd_start "$TMP" "$NSJ"
lv_netns_create "$NSL"
lv_start "$NSL" "$TMP/lv" >&2

cat > "$TMP/net.xml" <<XML
<network><name>bench</name><forward mode='nat'/><bridge name='jvbench0' stp='on' delay='0'/><ip address='192.168.150.1' netmask='255.255.255.0'><dhcp><range start='192.168.150.2' end='192.168.150.254'/></dhcp></ip></network>
XML
jv net-define "$TMP/net.xml" >/dev/null
lv_virsh net-define "$TMP/net.xml" >/dev/null
# one warm-up cycle each: libvirt creates its own firewall chains on its first start
jv net-start bench >/dev/null; jv net-destroy bench >/dev/null
lv_virsh net-start bench >/dev/null; lv_virsh net-destroy bench >/dev/null

# --- CLI: what a user types -------------------------------------------------
: > "$TMP/js"; : > "$TMP/jd"; : > "$TMP/ls"; : > "$TMP/ld"
for _ in $(seq "$RUNS"); do
    t=$(now); jv net-start bench >/dev/null; ms "$t" "$(now)" >> "$TMP/js"
    ip -n "$NSJ" link show jvbench0 >/dev/null || echo "warning: jvirt left no bridge after net-start" >&2
    t=$(now); jv net-destroy bench >/dev/null; ms "$t" "$(now)" >> "$TMP/jd"
    t=$(now); lv_virsh net-start bench >/dev/null; ms "$t" "$(now)" >> "$TMP/ls"
    t=$(now); lv_virsh net-destroy bench >/dev/null; ms "$t" "$(now)" >> "$TMP/ld"
done
JS=$(median < "$TMP/js"); JD=$(median < "$TMP/jd"); LS=$(median < "$TMP/ls"); LD=$(median < "$TMP/ld")
echo "jvirt_cli_net_start: $JS ms"
echo "virsh_net_start: $LS ms"
echo "jvirt_cli_net_destroy: $JD ms"
echo "virsh_net_destroy: $LD ms"
t=$(now); for _ in $(seq "$RUNS"); do jv net-list >/dev/null; done
echo "jvirt_cli_net_list_roundtrip: $(( $(ms "$t" "$(now)") / RUNS )) ms"
t=$(now); for _ in $(seq "$RUNS"); do lv_virsh net-list >/dev/null; done
echo "virsh_net_list_roundtrip: $(( $(ms "$t" "$(now)") / RUNS )) ms"

# --- API: the daemons alone, without a client process start -------------------
"$BENCH_JAVA" -cp "$BENCH_CP" "$HERE/bench/NetworkApiBench.java" "$TMP/jvirtd.sock" bench "$RUNS"
/usr/bin/python3 "$HERE/bench/libvirt_network.py" "$LV_URI" bench "$RUNS"
grep -o "started on bridge jvbench0 in [0-9]* ms" "$TMP/jvirtd.log" | awk '{print $(NF-1)}' | tail -n "$RUNS" | median \
    | sed 's/^/jvirtd_net_start_internal: /; s/$/ ms/'
awk -v js="$JS" -v ls="$LS" -v jd="$JD" -v ld="$LD" 'BEGIN {
    printf "ratio_cli_net_start_virsh_over_jvirt: %.2f x\n", ls / js
    printf "ratio_cli_net_destroy_virsh_over_jvirt: %.2f x\n", ld / jd }'

# --- guest to guest TCP on a jvirt NAT network (reference) -------------------
jv net-start bench >/dev/null
for g in g1 g2; do
    cat > "$TMP/$g.xml" <<XML
<domain type='kvm'><name>$g</name><memory unit='MiB'>192</memory><vcpu>1</vcpu>
<os><type arch='x86_64' machine='pc'>hvm</type><kernel>$GUEST/vmlinuz</kernel><initrd>$GUEST/initrd.img</initrd>
<cmdline>console=ttyS0 panic=-1 quiet jvirt.dhcp=1</cmdline></os><features><acpi/></features>
<devices><serial type='pty'><target port='0'/></serial><console type='pty'><target type='serial' port='0'/></console>
<interface type='network'><source network='bench'/><model type='virtio'/></interface></devices></domain>
XML
    jv create "$TMP/$g.xml" >/dev/null
done
addr() { jv domifaddr "$1" | awk '/ipv4/ {sub("/.*", "", $4); print $4}'; }
deadline=$(( $(date +%s) + 90 ))
until [[ -n "$(addr g1)" && -n "$(addr g2)" ]]; do
    if (( $(date +%s) >= deadline )); then
        echo "warning: the guests got no DHCP lease within 90 s" >&2
        jv list --all >&2 || true
        tail -n 5 "$TMP"/jstate/networks-run/*/dnsmasq.log >&2 || true
        for c in "$TMP"/jstate/run/*/console.log; do tail -c 400 "$c" >&2; done
        exit 1
    fi
    sleep 0.5
done
# a lease is recorded when dnsmasq acknowledges it; the guest configures its address a
# little later and then says so on its console
for c in "$TMP"/jstate/run/*/console.log; do
    until grep -q JVIRT-GUEST-DHCP "$c"; do
        if (( $(date +%s) >= deadline )); then echo "warning: a guest did not configure its lease" >&2; exit 1; fi
        sleep 0.2
    done
done
"$BENCH_JAVA" -cp "$BENCH_CP" "$HERE/bench/NetworkApiBench.java" "$TMP/jvirtd.sock" bench 0 g1 g2 "$(addr g2)" 16
jv destroy g1 >/dev/null; jv destroy g2 >/dev/null; jv net-destroy bench >/dev/null
