#!/usr/bin/env bash
# Block jobs on a running domain: jvirt and libvirt side by side in one run, on the same guest
# (the busybox test guest, 512 MiB) whose disk vda is a qcow2 overlay over a 1 GiB qcow2 base,
# SIZE of data (default 1 GiB, written with qemu-io before the start) in the layer the job moves. Prints
# `name: value unit` lines (medians of RUNS). Needs root (creates the user jvbench for a
# private, unprivileged libvirtd session whose state lives in a temporary directory). Refuses
# to run on a busy machine (load average above 3) unless BENCH_IGNORE_LOAD=1: the job copies
# SIZE through QEMU and the figures would measure the neighbours.
#   bench/operations-blockjobs.sh [RUNS] [SIZE]
# Measured, each through the CLI and returning once the daemon reports it done:
#   blockcommit DOM vda --active --pivot --wait (the overlay's SIZE merged into the base, the
#   disk pivoted onto it); blockpull DOM vda --wait (the base's SIZE pulled into the overlay);
#   blockcopy DOM vda DEST --shallow --pivot --wait (the overlay's SIZE copied, then pivoted).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS=${1:-3}
SIZE=${2:-1G}
LOAD=$(cut -d' ' -f1 /proc/loadavg)
if [[ "${BENCH_IGNORE_LOAD:-0}" != 1 ]] && awk -v l="$LOAD" 'BEGIN { exit !(l >= 3) }'; then
    echo "bench: the load average is $LOAD (3 or more); not measuring (BENCH_IGNORE_LOAD=1 forces it)" >&2
    exit 2
fi
# shellcheck source=bench/bench-lib.sh
source "$HERE/bench/bench-lib.sh"
bench_operations_setup jvbench-blockjobs jb-bj
mkdir -p "$TMP/img" "$TMP/logs" && chmod 777 "$TMP/img" "$TMP/logs"

# A fresh chain for WHO: a base and an overlay, SIZE of data in the one named by WHERE (top for
# commit and copy, base for pull); the guest started (transient) on the overlay, ready.
prepare() { # WHO WHERE CLIENT...
    local who=$1 where=$2
    shift 2
    rm -f "$TMP/img/$who-"* "$TMP/logs/$who.log"
    qemu-img create -q -f qcow2 "$TMP/img/$who-base.qcow2" 1G
    qemu-img create -q -f qcow2 -b "$TMP/img/$who-base.qcow2" -F qcow2 "$TMP/img/$who-top.qcow2"
    qemu-io -f qcow2 -c "write -P 0x5a 0 $SIZE" "$TMP/img/$who-$where.qcow2" >/dev/null
    chmod 666 "$TMP"/img/*
    bench_guest_xml jb-bj "$TMP/img/$who-top.qcow2" "$TMP/logs/$who.log" off > "$TMP/$who.xml"
    chmod 644 "$TMP/$who.xml"
    "$@" create "$TMP/$who.xml" >/dev/null
    bench_wait_ready "$TMP/logs/$who.log"
}
timed() { # OUTFILE CMD... : appends the command's ms
    local out=$1 t
    shift
    t=$(now); "$@" >/dev/null; ms "$t" "$(now)" >> "$out"
}
report() { # NAME FILE
    echo "$1: $(median < "$2") ms"
    echo "$1_all: $(tr '\n' ' ' < "$2")ms"
}
for f in jc lc jp lp jy ly; do : > "$TMP/$f"; done

for _ in $(seq "$RUNS"); do
    for side in jvirt libvirt; do
        if [[ $side == jvirt ]]; then c=(jvirt_); out=j; else c=(virsh_); out=l; fi
        prepare "$side" top "${c[@]}"
        timed "$TMP/${out}c" "${c[@]}" blockcommit jb-bj vda --active --pivot --wait
        "${c[@]}" destroy jb-bj >/dev/null
        prepare "$side" base "${c[@]}"
        timed "$TMP/${out}p" "${c[@]}" blockpull jb-bj vda --wait
        "${c[@]}" destroy jb-bj >/dev/null
        prepare "$side" top "${c[@]}"
        timed "$TMP/${out}y" "${c[@]}" blockcopy jb-bj vda "$TMP/img/$side-copy.qcow2" --shallow --pivot --wait
        "${c[@]}" destroy jb-bj >/dev/null
    done
done
report "jvirt_blockcommit_active_pivot_$SIZE" "$TMP/jc"
report "virsh_blockcommit_active_pivot_$SIZE" "$TMP/lc"
report "jvirt_blockpull_$SIZE" "$TMP/jp"
report "virsh_blockpull_$SIZE" "$TMP/lp"
report "jvirt_blockcopy_shallow_pivot_$SIZE" "$TMP/jy"
report "virsh_blockcopy_shallow_pivot_$SIZE" "$TMP/ly"
echo "load_average_at_end: $(cut -d' ' -f1 /proc/loadavg)"
