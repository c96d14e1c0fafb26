#!/usr/bin/env bash
# domstats for 10 running domains: jvirt and libvirt side by side in one run, on the same guest
# (the busybox test guest, 512 MiB, a 1 GiB qcow2 disk, a virtio card on a tap, a balloon).
# Both daemons run inside one private network namespace (bench/libvirt-private.sh: a system-mode
# libvirtd in its own mount namespace), so the 20 taps never reach the host. Each side boots its
# ten guests to their ready line, is measured, and ends them before the other side starts
# (20 TCG guests at once would measure the machine's load, not the daemons).
# Prints `name: value unit` lines (medians of RUNS calls):
#   jvirt_cli_domstats_10 / virsh_domstats_10      `jvirt domstats` / `virsh domstats`, all groups
#   jvirt_api_domstats_10 / libvirt_api_domstats_10 one call through the Java client / python3-libvirt
#                                                   (getAllDomainStats), all groups
#   bench/operations-domstats.sh [RUNS]
set -euo pipefail
# the launcher rebuilds a stale dist at any call: never with `install` (~/.m2 may be shared)
export JVIRT_BUILD_GOAL=package
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS=${1:-20}
N=10
NS=jvbdomstats
# shellcheck source=bench/libvirt-private.sh
source "$HERE/bench/libvirt-private.sh"
lv_install_packages python3-libvirt qemu-system-x86 qemu-utils
bench_build
GUEST=/var/cache/jvirt/guest
bash "$HERE/scripts/build-test-guest.sh" "$GUEST" >&2
chmod -R a+rX /var/cache/jvirt
export LV_CAPS_CACHE=${LV_CAPS_CACHE:-/var/cache/jvirt/libvirt-qemu-caps}
TMP="$(mktemp -d /tmp/jvbench-domstats.XXXXXX)"
chmod 755 "$TMP"
# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() {
    local i
    if [[ -n "$JV_PID" ]]; then
        for i in $(seq 0 $((N - 1))); do "$HERE/jvirt" -c "$JV_SOCK" destroy "jb-st$i" >/dev/null 2>&1 || true; done
    fi
    jvirtd_stop
    lv_stop
    lv_netns_delete "$NS"
    rm -rf "$TMP"
}
trap cleanup EXIT

lv_netns_create "$NS"
mkdir -p "$TMP/img" "$TMP/logs" "$TMP/lv" && chmod 777 "$TMP/img" "$TMP/logs"
guest_xml() { # NAME DISK TAP LOGFILE
    cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>512</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><kernel>$GUEST/vmlinuz</kernel><initrd>$GUEST/initrd.img</initrd><cmdline>console=ttyS0 panic=-1 quiet</cmdline></os>
  <features><acpi/></features>
  <devices>
    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$2'/><target dev='vda' bus='virtio'/></disk>
    <interface type='ethernet'><target dev='$3'/><model type='virtio'/></interface>
    <serial type='pty'><log file='$4' append='off'/><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <memballoon model='virtio'><stats period='5'/></memballoon>
  </devices>
</domain>
XML
}
wait_ready() { # LOGFILE...
    local f deadline=$((SECONDS + 300))
    for f in "$@"; do
        until grep -q JVIRT-GUEST-READY "$f" 2>/dev/null; do
            (( SECONDS < deadline )) || { echo "bench: $f never showed the ready line" >&2; return 1; }
            sleep 0.2
        done
    done
}
times_of() { # COMMAND... -> prints one ms figure per run
    local _ t
    for _ in $(seq "$RUNS"); do t=$(now); "$@" >/dev/null; ms "$t" "$(now)"; done
}

# --- jvirt -----------------------------------------------------------------
jvirtd_start "$TMP" "$NS"
jv() { "$HERE/jvirt" -c "$JV_SOCK" "$@"; }
logs=()
for i in $(seq 0 $((N - 1))); do
    qemu-img create -q -f qcow2 "$TMP/img/j$i.qcow2" 1G
    guest_xml "jb-st$i" "$TMP/img/j$i.qcow2" "jbst$i" "$TMP/logs/j$i.log" > "$TMP/j$i.xml"
    jv define "$TMP/j$i.xml" >/dev/null
    jv start "jb-st$i" >/dev/null
    logs+=("$TMP/logs/j$i.log")
done
wait_ready "${logs[@]}"
sleep 6   # one balloon statistics period: both sides then report the guest's memory
[[ "$(jv domstats | grep -c "^Domain: ")" == "$N" ]] || { echo "bench: jvirt domstats did not list $N domains" >&2; exit 1; }
echo "jvirt_domstats_10_lines: $(jv domstats | wc -l)"
echo "jvirt_cli_domstats_10: $(times_of jv domstats | median) ms"
bench_api_java "$HERE/bench/DomstatsApiBench.java" "$JV_SOCK" "$RUNS"
for i in $(seq 0 $((N - 1))); do jv destroy "jb-st$i" >/dev/null; done
jvirtd_stop

# --- libvirt ---------------------------------------------------------------
lv_start "$NS" "$TMP/lv"
logs=()
for i in $(seq 0 $((N - 1))); do
    qemu-img create -q -f qcow2 "$TMP/img/l$i.qcow2" 1G
    guest_xml "lb-st$i" "$TMP/img/l$i.qcow2" "lbst$i" "$TMP/logs/l$i.log" > "$TMP/l$i.xml"
    lv_virsh define "$TMP/l$i.xml" >/dev/null
    lv_virsh start "lb-st$i" >/dev/null
    logs+=("$TMP/logs/l$i.log")
done
wait_ready "${logs[@]}"
sleep 6
[[ "$(lv_virsh domstats | grep -c "^Domain: ")" == "$N" ]] || { echo "bench: virsh domstats did not list $N domains" >&2; exit 1; }
echo "virsh_domstats_10_lines: $(lv_virsh domstats | wc -l)"
echo "virsh_domstats_10: $(times_of lv_virsh domstats | median) ms"
/usr/bin/python3 "$HERE/bench/libvirt_domstats.py" "$LV_URI" "$RUNS"
for i in $(seq 0 $((N - 1))); do lv_virsh destroy "lb-st$i" >/dev/null; done
