#!/usr/bin/env bash
# Image engine benchmark: jvirt img vs qemu-img, side by side in one run.
# Source: 4 GiB sparse raw file with 1 GiB of random data in 16 scattered 64 MiB chunks.
# Prints "name: value unit" lines, then jvirt/qemu-img time ratios (< 1 means jvirt is faster).
# Usage: bench/image.sh [workdir]   (needs qemu-img and a built jvirt-cli; JAVA_HOME set)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-/tmp/jvirt-bench}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
mkdir -p "$WORK"
cd "$WORK"

"$ROOT/jvirt" --version >/dev/null   # builds jvirt (and its AOT cache) when needed
# the launcher, as users run it: AOT cache, native access for SEEK_DATA/fallocate
jimg() { "$ROOT/jvirt" img "$@"; }

SRC=src.raw
if [ ! -f "$SRC" ] || [ "$(stat -c %s "$SRC")" != 4294967296 ]; then
  rm -f "$SRC"; truncate -s 4G "$SRC"
  for i in $(seq 0 15); do
    dd if=/dev/urandom of="$SRC" bs=1M count=64 seek=$((i * 256 + 37)) conv=notrunc status=none
  done
fi
sync
DATA_MB=1024

now() { date +%s.%N; }
declare -A T
run() { # name tool cmd...
  local name=$1 tool=$2; shift 2
  local t0 t1; t0=$(now); "$@" >/dev/null 2>&1 || { echo "$name.$tool: FAILED"; return; }; t1=$(now)
  T[$name.$tool]=$(echo "$t1 - $t0" | bc -l)
  printf '%s.%s.wall: %.3f s\n' "$name" "$tool" "${T[$name.$tool]}"
  if [ "$name" != info ] && [ "$name" != check ]; then
    local mb=$DATA_MB; [ "$name" = convert_qcow2_backing ] && mb=64
    printf '%s.%s.throughput: %.1f MiB/s\n' "$name" "$tool" "$(echo "$mb / ${T[$name.$tool]}" | bc -l)"
  fi
}
both() { # name "qemu args" "jvirt args" ; each run after dropping outputs
  local name=$1 qargs=$2 jargs=$3
  rm -f q.out j.out; sync
  run "$name" qemu-img qemu-img $qargs
  rm -f q.out j.out; sync
  run "$name" jvirt jimg $jargs
}

echo "source: 4 GiB raw, 1 GiB random data in 16 x 64 MiB chunks"
echo "cpus: $(nproc)"
# Each tool's default: qemu-img convert writes with -t unsafe (no fsync: the target may be lost
# or inconsistent after a host crash); jvirt's default is writeback (on the disk when it returns).
both convert_raw_qcow2 "convert -O qcow2 $SRC q.out" "convert -O qcow2 $SRC j.out"
# Same durability on both sides: neither fsyncs (unsafe), both do (writeback).
both convert_raw_qcow2_unsafe "convert -t unsafe -O qcow2 $SRC q.out" "convert -t unsafe -O qcow2 $SRC j.out"
both convert_raw_qcow2_writeback "convert -t writeback -O qcow2 $SRC q.out" "convert -t writeback -O qcow2 $SRC j.out"
both convert_raw_qcow2_c "convert -c -O qcow2 $SRC q.out" "convert -c -O qcow2 $SRC j.out"
qemu-img convert -O qcow2 "$SRC" ref.qcow2
both convert_qcow2_raw "convert -O raw ref.qcow2 q.out" "convert -O raw ref.qcow2 j.out"
both convert_qcow2_raw_unsafe "convert -t unsafe -O raw ref.qcow2 q.out" "convert -t unsafe -O raw ref.qcow2 j.out"
both convert_qcow2_raw_writeback "convert -t writeback -O raw ref.qcow2 q.out" "convert -t writeback -O raw ref.qcow2 j.out"
qemu-img create -q -f qcow2 -b ref.qcow2 -F qcow2 overlay.qcow2
qemu-io -c 'write -P 0x5a 100M 64M' overlay.qcow2 >/dev/null
both convert_qcow2_backing "convert -O qcow2 -B ref.qcow2 -F qcow2 overlay.qcow2 q.out" \
     "convert -O qcow2 -B ref.qcow2 -F qcow2 overlay.qcow2 j.out"
run check qemu-img qemu-img check ref.qcow2
run check jvirt jimg check ref.qcow2
run info qemu-img qemu-img info --output=json ref.qcow2
run info jvirt jimg info --output=json ref.qcow2
t0=$(now); jimg --help >/dev/null 2>&1; t1=$(now)
printf 'jvirt_startup.wall: %.3f s (jvirt img --help: JVM start plus picocli)\n' "$(echo "$t1 - $t0" | bc -l)"
for n in convert_raw_qcow2 convert_raw_qcow2_unsafe convert_raw_qcow2_writeback convert_raw_qcow2_c \
         convert_qcow2_raw convert_qcow2_raw_unsafe convert_qcow2_raw_writeback convert_qcow2_backing check info; do
  if [ -n "${T[$n.jvirt]:-}" ] && [ -n "${T[$n.qemu-img]:-}" ]; then
    printf '%s.ratio_jvirt_over_qemu: %.2f x\n' "$n" "$(echo "${T[$n.jvirt]} / ${T[$n.qemu-img]}" | bc -l)"
  fi
done
rm -f q.out j.out overlay.qcow2
