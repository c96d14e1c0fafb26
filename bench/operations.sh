#!/usr/bin/env bash
# Operations on running domains: jvirt and libvirt side by side in one run, on the same guest
# (the busybox test guest, 512 MiB, with a 1 GiB qcow2 disk). Prints `name: value unit` lines
# (medians of RUNS). Needs root (creates the user jvbench for a private, unprivileged libvirtd
# session whose state lives in a temporary directory).
#   bench/operations.sh [RUNS]
# Measured:
#   attach-disk + detach-disk round trip: `attach-disk DOM IMG vdb --subdriver qcow2 --live`
#   then `detach-disk DOM vdb --live` through each CLI, both returning once the guest has the
#   disk and once it let go of it (each daemon waits for QEMU's DEVICE_DELETED).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS=${1:-5}
# shellcheck source=bench/bench-lib.sh
source "$HERE/bench/bench-lib.sh"
bench_operations_setup jvbench-ops jb-ops

# --- the guest: 512 MiB, a 1 GiB qcow2 disk (one copy per daemon: each locks its own) -------
mkdir -p "$TMP/img" "$TMP/logs" && chmod 777 "$TMP/img" "$TMP/logs"
for who in jvirt libvirt; do
    qemu-img create -q -f qcow2 "$TMP/img/$who-root.qcow2" 1G
    qemu-img create -q -f qcow2 "$TMP/img/$who-extra.qcow2" 1G
done
chmod 666 "$TMP"/img/*
bench_guest_xml jb-ops "$TMP/img/jvirt-root.qcow2" "$TMP/logs/jvirt.log" off > "$TMP/j.xml"
bench_guest_xml jb-ops "$TMP/img/libvirt-root.qcow2" "$TMP/logs/libvirt.log" off > "$TMP/l.xml"
chmod 644 "$TMP"/*.xml
jvirt_ define "$TMP/j.xml" >/dev/null
virsh_ define "$TMP/l.xml" >/dev/null
jvirt_ start jb-ops >/dev/null
virsh_ start jb-ops >/dev/null
bench_wait_ready "$TMP/logs/jvirt.log"
bench_wait_ready "$TMP/logs/libvirt.log"

# --- attach-disk + detach-disk round trip -------------------------------------------------
roundtrip() { # CLI-FUNCTION IMAGE PREFIX: appends attach, detach and round-trip ms to PREFIX.{a,d,rt}
    local t0 t1 t2
    t0=$(now)
    "$1" attach-disk jb-ops "$2" vdb --subdriver qcow2 --live >/dev/null
    t1=$(now)
    "$1" detach-disk jb-ops vdb --live >/dev/null
    t2=$(now)
    ms "$t0" "$t1" >> "$3.a"; ms "$t1" "$t2" >> "$3.d"; ms "$t0" "$t2" >> "$3.rt"
}
: > "$TMP/j.a"; : > "$TMP/j.d"; : > "$TMP/j.rt"; : > "$TMP/l.a"; : > "$TMP/l.d"; : > "$TMP/l.rt"
for i in $(seq "$RUNS"); do
    # alternate who goes first: the two guests share the machine's two cores
    if (( i % 2 )); then
        roundtrip jvirt_ "$TMP/img/jvirt-extra.qcow2" "$TMP/j"
        roundtrip virsh_ "$TMP/img/libvirt-extra.qcow2" "$TMP/l"
    else
        roundtrip virsh_ "$TMP/img/libvirt-extra.qcow2" "$TMP/l"
        roundtrip jvirt_ "$TMP/img/jvirt-extra.qcow2" "$TMP/j"
    fi
done
# a detach that returned before the guest let go would leave vdb behind: check both
if jvirt_ dumpxml jb-ops | grep -q "dev='vdb'" || virsh_ dumpxml jb-ops | grep -q "dev='vdb'"; then
    echo "bench: a disk was still attached after the last detach" >&2; exit 1
fi
for w in rt a d; do
    case $w in rt) what=attach_detach_disk_roundtrip ;; a) what=attach_disk ;; d) what=detach_disk ;; esac
    echo "jvirt_$what: $(median < "$TMP/j.$w") ms"
    echo "virsh_$what: $(median < "$TMP/l.$w") ms"
done
echo "jvirt_attach_detach_disk_roundtrip_all: $(tr '\n' ' ' < "$TMP/j.rt")ms"
echo "virsh_attach_detach_disk_roundtrip_all: $(tr '\n' ' ' < "$TMP/l.rt")ms"

# the same through the APIs (no client process start): jvirt's Java client, python3-libvirt
bench_api_java "$HERE/bench/OperationsApiBench.java" "$SOCK" jb-ops "$TMP/img/jvirt-extra.qcow2" "$RUNS"
"${SL_AS[@]}" /usr/bin/python3 "$HERE/bench/libvirt_operations.py" qemu:///session jb-ops \
    "$TMP/img/libvirt-extra.qcow2" "$RUNS"

jvirt_ destroy jb-ops >/dev/null
virsh_ destroy jb-ops >/dev/null
