#!/usr/bin/env bash
# Convert at equal durability: qemu-img and jvirt img interleaved, ROUNDS rounds on the files of
# bench/image.sh (run that first: WORKDIR holds src.raw and ref.qcow2). Each run starts after the
# output is removed and `sync`. Prints "name: median ms (all runs)".
#   qemu-img's convert defaults to -t unsafe (no fsync), jvirt's to writeback (durable); both are
#   also run with the other's mode, so each pair does the same work.
# With DATA_GIB, the source is instead a raw file of DATA_GIB GiB of random data (made once, with
# its qcow2 copy by qemu-img): the JVM's start weighs less, the kernel's page cache more.
# Usage: bench/image-rounds.sh [WORKDIR] [ROUNDS] [DATA_GIB]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-/tmp/jvirt-bench}
ROUNDS=${2:-5}
J="$ROOT/jvirt"
DATA_GIB=${3:-}
cd "$WORK"
SRC=src.raw REF=ref.qcow2
if [[ -n "$DATA_GIB" ]]; then
    SRC=random-$DATA_GIB.raw REF=random-$DATA_GIB.qcow2
    [[ -f $SRC ]] || dd if=/dev/urandom of="$SRC" bs=1M count=$((DATA_GIB * 1024)) status=none
    [[ -f $REF ]] || qemu-img convert -O qcow2 "$SRC" "$REF"
    sync
fi
[[ -f $SRC && -f $REF ]] || { echo "bench: run bench/image.sh $WORK first" >&2; exit 2; }
t() { local s e; rm -f o.out; sync; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
out=$(mktemp)
trap 'rm -f "$out" o.out' EXIT
for _ in $(seq "$ROUNDS"); do
    echo "raw_qcow2.qemu_img_unsafe_default $(t qemu-img convert -O qcow2 "$SRC" o.out)"
    echo "raw_qcow2.jvirt_unsafe $(t "$J" img convert -t unsafe -O qcow2 "$SRC" o.out)"
    echo "raw_qcow2.qemu_img_writeback $(t qemu-img convert -t writeback -O qcow2 "$SRC" o.out)"
    echo "raw_qcow2.jvirt_writeback_default $(t "$J" img convert -O qcow2 "$SRC" o.out)"
    echo "qcow2_raw.qemu_img_unsafe_default $(t qemu-img convert -O raw "$REF" o.out)"
    echo "qcow2_raw.jvirt_unsafe $(t "$J" img convert -t unsafe -O raw "$REF" o.out)"
    echo "qcow2_raw.qemu_img_writeback $(t qemu-img convert -t writeback -O raw "$REF" o.out)"
    echo "qcow2_raw.jvirt_writeback_default $(t "$J" img convert -O raw "$REF" o.out)"
    echo "jvirt_startup $(t "$J" img --help)"
done > "$out"
awk '{print $1}' "$out" | sort -u | while read -r name; do
    all=$(awk -v n="$name" '$1 == n {print $2}' "$out" | sort -n | tr '\n' ' ')
    med=$(awk -v n="$name" '$1 == n {print $2}' "$out" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "$name: $med ms ($all)"
done
