#!/usr/bin/env bash
# Clone benchmark: `jvirt clone --auto-clone` against `virt-clone --auto-clone` (virt-manager's
# virtinst, on a private system libvirtd: bench/libvirt-private.sh), side by side in one run, of a
# shut-off domain whose one disk is a 1 GiB raw image full of random data (so neither tool can skip
# holes). Each tool clones RUNS times in interleaved rounds, one process per call as a user types it; the clone and its
# disk are removed (untimed) after each run. Both copies are sparse-aware full copies in the same
# ext4 directory tree. Prints `name: value unit` lines (medians). Runs only when the load average is
# below 3 (the machine is shared); needs root.
#   bench/clone.sh [RUNS]
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS=${1:-5}
# shellcheck source=bench/libvirt-private.sh
source "$HERE/bench/libvirt-private.sh"
load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" 'BEGIN { exit !(l >= 3) }'; then
    echo "bench/clone.sh: the load average is $load (3 or more); not measured" >&2
    exit 3
fi
lv_install_packages virtinst qemu-utils
bench_build
TMP="$(mktemp -d /tmp/jvclbench.XXXXXX)"
chmod 755 "$TMP"
NS=jvclbench
# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() {
    jvirtd_stop
    lv_stop
    lv_netns_delete "$NS"
    rm -rf "$TMP"
}
trap cleanup EXIT

mkdir -p "$TMP/jpool" "$TMP/lpool"
head -c 1G /dev/urandom >"$TMP/jpool/bench.img"
cp "$TMP/jpool/bench.img" "$TMP/lpool/bench.img"
sync
domain_xml() { # DISK
    cat <<XML
<domain type='qemu'>
  <name>bench</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$1'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='user'><model type='virtio'/></interface>
  </devices>
</domain>
XML
}

jvirtd_start "$TMP"
SOCK=$JV_SOCK
JV=("$HERE/jvirt")
"${JV[@]}" pool-create -c "$SOCK" - >/dev/null <<XML
<pool type='dir'><name>bench</name><target><path>$TMP/jpool</path></target></pool>
XML
domain_xml "$TMP/jpool/bench.img" >"$TMP/j.xml"
"${JV[@]}" define -c "$SOCK" "$TMP/j.xml" >/dev/null

lv_netns_create "$NS"
lv_start "$NS" "$TMP/lv"
lv_virsh pool-define-as bench dir --target "$TMP/lpool" >/dev/null
lv_virsh pool-start bench >/dev/null
domain_xml "$TMP/lpool/bench.img" >"$TMP/l.xml"
lv_virsh define "$TMP/l.xml" >/dev/null

echo "jvirt_version: $("${JV[@]}" --version | head -1)"
echo "virt_clone_version: $(virt-clone --version 2>&1)"
echo "load_average_at_start: $load"
# Interleaved rounds, the side going first alternating, and SETTLE seconds (default 3) of rest
# before each clone: on this machine (a VM whose balloon reports free pages to its host) a copy
# into memory that was freed seconds before is fast, and into memory freed longer ago, which the
# host took back, 2-5x slower (page faults in the host: dd shows it too). Each side removes its
# clone before the other runs, so without the rest the side that follows the other's removal
# sooner would be favoured; with it, every copy meets the same (slow) case.
SETTLE=${SETTLE:-3}
jvirt_round() {
    local t
    sleep "$SETTLE"
    t=$(now); "${JV[@]}" clone -c "$SOCK" --original bench --auto-clone >/dev/null; ms "$t" "$(now)" >>"$TMP/j.all"
    cmp -s "$TMP/jpool/bench.img" "$TMP/jpool/bench-clone.img" || { echo "bench: jvirt's copy differs" >&2; exit 1; }
    "${JV[@]}" undefine -c "$SOCK" bench-clone >/dev/null
    "${JV[@]}" vol-delete -c "$SOCK" --pool bench bench-clone.img >/dev/null
    sync
}
virt_clone_round() {
    local t copy
    sleep "$SETTLE"
    t=$(now); virt-clone --connect "$LV_URI" --original bench --auto-clone >"$TMP/vc.log" 2>&1; ms "$t" "$(now)" >>"$TMP/l.all"
    copy=$(lv_virsh domblklist bench-clone | awk '$1 == "vda" {print $2}')
    # libvirt makes the copy 4 KiB longer than the original (zeroes at the end): compare the original's bytes
    cmp -n "$(stat -c %s "$TMP/lpool/bench.img")" "$TMP/lpool/bench.img" "$copy" >&2 \
        || { echo "bench: virt-clone's copy $copy differs" >&2; exit 1; }
    stat -c %s "$copy" >"$TMP/vc.size"
    lv_virsh undefine bench-clone --remove-all-storage >/dev/null
    sync
}
: >"$TMP/j.all"
: >"$TMP/l.all"
for i in $(seq "$RUNS"); do
    if (( i % 2 )); then jvirt_round; virt_clone_round; else virt_clone_round; jvirt_round; fi
done
median <"$TMP/j.all" | sed 's/^/clone_auto_1g_jvirt: /; s/$/ ms/' | tee "$TMP/j.out"
median <"$TMP/l.all" | sed 's/^/clone_auto_1g_virt_clone: /; s/$/ ms/' | tee "$TMP/l.out"
echo "clone_auto_1g_jvirt_all: $(tr '\n' ' ' <"$TMP/j.all")ms"
echo "clone_auto_1g_virt_clone_all: $(tr '\n' ' ' <"$TMP/l.all")ms"
j=$(awk '{print $2}' "$TMP/j.out")
l=$(awk '{print $2}' "$TMP/l.out")
awk -v j="$j" -v l="$l" 'BEGIN { printf "clone_auto_1g_speedup: %.2f x\n", l / j }'
echo "clone_copy_size_jvirt: $(stat -c %s "$TMP/jpool/bench.img") bytes"
echo "clone_copy_size_virt_clone: $(cat "$TMP/vc.size") bytes"
echo "load_average_at_end: $(cut -d' ' -f1 /proc/loadavg)"
