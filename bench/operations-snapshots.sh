#!/usr/bin/env bash
# Snapshots, save and restore on a running domain: jvirt and libvirt side by side in one run, on
# the same guest (the busybox test guest, 512 MiB, with a 1 GiB qcow2 disk; one copy per daemon).
# Prints `name: value unit` lines (medians of RUNS). Needs root (creates the user jvbench for a
# private, unprivileged libvirtd session whose state lives in a temporary directory).
#   bench/operations-snapshots.sh [RUNS]
# Measured, each through the CLI and returning once the daemon reports it done:
#   snapshot-create-as with memory, internal (`snapshot-create-as DOM NAME`) and external
#   (`--memspec file=F,snapshot=external --diskspec vda,snapshot=external,file=O`);
#   snapshot-revert to the internal one (running); save FILE and restore FILE (and the save
#   file's size); managedsave + start (until the daemon answers start; the guest then runs on).
# Then the same operations through each API (bench/SnapshotsApiBench.java, bench/libvirt_snapshots.py),
# without a CLI process start per call.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS=${1:-5}
# shellcheck source=bench/bench-lib.sh
source "$HERE/bench/bench-lib.sh"
bench_operations_setup jvbench-snap jb-snap

mkdir -p "$TMP/img" "$TMP/logs" "$TMP/out" && chmod 777 "$TMP/img" "$TMP/logs" "$TMP/out"
for who in jvirt libvirt; do
    qemu-img create -q -f qcow2 "$TMP/img/$who-root.qcow2" 1G
done
chmod 666 "$TMP"/img/*
bench_guest_xml jb-snap "$TMP/img/jvirt-root.qcow2" "$TMP/logs/jvirt.log" on > "$TMP/j.xml"
bench_guest_xml jb-snap "$TMP/img/libvirt-root.qcow2" "$TMP/logs/libvirt.log" on > "$TMP/l.xml"
chmod 644 "$TMP"/*.xml
jvirt_ define "$TMP/j.xml" >/dev/null
virsh_ define "$TMP/l.xml" >/dev/null
jvirt_ start jb-snap >/dev/null
virsh_ start jb-snap >/dev/null
bench_wait_ready "$TMP/logs/jvirt.log"
bench_wait_ready "$TMP/logs/libvirt.log"
timed() { # OUTFILE CMD... : appends the command's ms
    local out=$1 t
    shift
    t=$(now); "$@" >/dev/null; ms "$t" "$(now)" >> "$out"
}
report() { # NAME FILE
    echo "$1: $(median < "$2") ms"
    echo "$1_all: $(tr '\n' ' ' < "$2")ms"
}
for f in ji li je le jr lr js ls jrs lrs jm lm jsz lsz; do : > "$TMP/$f"; done

# --- internal snapshots with memory, and revert to them ------------------------------------
for i in $(seq "$RUNS"); do
    timed "$TMP/ji" jvirt_ snapshot-create-as jb-snap "i$i"
    timed "$TMP/li" virsh_ snapshot-create-as jb-snap "i$i"
done
for i in $(seq "$RUNS"); do
    timed "$TMP/jr" jvirt_ snapshot-revert jb-snap "i$i"
    timed "$TMP/lr" virsh_ snapshot-revert jb-snap "i$i"
done
for i in $(seq "$RUNS"); do
    jvirt_ snapshot-delete jb-snap "i$i" >/dev/null
    virsh_ snapshot-delete jb-snap "i$i" >/dev/null
done
report jvirt_snapshot_create_internal_memory "$TMP/ji"
report virsh_snapshot_create_internal_memory "$TMP/li"
report jvirt_snapshot_revert_internal_running "$TMP/jr"
report virsh_snapshot_revert_internal_running "$TMP/lr"

# --- external snapshots with memory (libvirt 9.0 cannot delete or revert them: kept) --------
for i in $(seq "$RUNS"); do
    timed "$TMP/je" jvirt_ snapshot-create-as jb-snap "e$i" --memspec "file=$TMP/out/j-mem$i,snapshot=external" \
        --diskspec "vda,snapshot=external,file=$TMP/out/j-ov$i.qcow2"
    timed "$TMP/le" virsh_ snapshot-create-as jb-snap "e$i" --memspec "file=$TMP/out/l-mem$i,snapshot=external" \
        --diskspec "vda,snapshot=external,file=$TMP/out/l-ov$i.qcow2"
done
report jvirt_snapshot_create_external_memory "$TMP/je"
report virsh_snapshot_create_external_memory "$TMP/le"
echo "jvirt_external_memory_file: $(stat -c %s "$TMP/out/j-mem1") bytes"
echo "virsh_external_memory_file: $(stat -c %s "$TMP/out/l-mem1") bytes"

# --- save and restore -------------------------------------------------------------------------
for i in $(seq "$RUNS"); do
    rm -f "$TMP/out/j.save" "$TMP/out/l.save"
    timed "$TMP/js" jvirt_ save jb-snap "$TMP/out/j.save"
    timed "$TMP/ls" virsh_ save jb-snap "$TMP/out/l.save"
    timed "$TMP/jrs" jvirt_ restore "$TMP/out/j.save"
    timed "$TMP/lrs" virsh_ restore "$TMP/out/l.save"
    stat -c %s "$TMP/out/j.save" >> "$TMP/jsz"
    stat -c %s "$TMP/out/l.save" >> "$TMP/lsz"
done
report jvirt_save "$TMP/js"
report virsh_save "$TMP/ls"
report jvirt_restore "$TMP/jrs"
report virsh_restore "$TMP/lrs"
# the file's size follows the guest's memory, which differs a little between the two guests and
# from run to run; the container (header, definition, room) is the part each tool decides
echo "jvirt_save_file: $(median < "$TMP/jsz") bytes"
echo "jvirt_save_file_all: $(tr '\n' ' ' < "$TMP/jsz")bytes"
echo "virsh_save_file: $(median < "$TMP/lsz") bytes"
echo "virsh_save_file_all: $(tr '\n' ' ' < "$TMP/lsz")bytes"
# both are libvirt's format: a 92-byte header, then data_len bytes (XML, room), then the stream
stream_offset() { echo $(( 92 + $(od -An -t u4 -j 20 -N 4 "$1" | tr -d ' ') )); }
echo "jvirt_save_file_container: $(stream_offset "$TMP/out/j.save") bytes"
echo "virsh_save_file_container: $(stream_offset "$TMP/out/l.save") bytes"
# one format: each side reads the other's save image (1 = the definition came out)
cp "$TMP/out/j.save" "$TMP/out/j-shared.save" && chmod 644 "$TMP/out/j-shared.save"
echo "virsh_reads_jvirt_save_image: $(virsh_ save-image-dumpxml "$TMP/out/j-shared.save" 2>&1 | grep -c '<name>jb-snap</name>')"
echo "jvirt_reads_virsh_save_image: $(jvirt_ save-image-dumpxml "$TMP/out/l.save" 2>&1 | grep -c '<name>jb-snap</name>')"

# --- managedsave + start ----------------------------------------------------------------------
for i in $(seq "$RUNS"); do
    t=$(now); jvirt_ managedsave jb-snap >/dev/null; jvirt_ start jb-snap >/dev/null; ms "$t" "$(now)" >> "$TMP/jm"
    t=$(now); virsh_ managedsave jb-snap >/dev/null; virsh_ start jb-snap >/dev/null; ms "$t" "$(now)" >> "$TMP/lm"
done
report jvirt_managedsave_start "$TMP/jm"
report virsh_managedsave_start "$TMP/lm"
# both guests still answer on their consoles' logs only if they did not reboot: one READY each
echo "jvirt_guest_boots: $(grep -c JVIRT-GUEST-READY "$TMP/logs/jvirt.log")"
echo "virsh_guest_boots: $(grep -c JVIRT-GUEST-READY "$TMP/logs/libvirt.log")"

# --- the same operations through the APIs (no CLI process start-up on either side) --------------
mkdir -p "$TMP/out/japi" "$TMP/out/lapi" && chmod 777 "$TMP/out/japi" "$TMP/out/lapi"
bench_api_java "$HERE/bench/SnapshotsApiBench.java" "$SOCK" jb-snap "$TMP/out/japi" "$RUNS"
"${SL_AS[@]}" /usr/bin/python3 "$HERE/bench/libvirt_snapshots.py" qemu:///session jb-snap "$TMP/out/lapi" "$RUNS"
# the memory each external snapshot wrote (both guests' memory grows with the reverts before)
echo "jvirt_api_external_memory_files: $(stat -c %s "$TMP"/out/japi/api-mem* | tr '\n' ' ')bytes"
echo "libvirt_api_external_memory_files: $(stat -c %s "$TMP"/out/lapi/api-mem* | tr '\n' ' ')bytes"

jvirt_ destroy jb-snap >/dev/null
virsh_ destroy jb-snap >/dev/null
