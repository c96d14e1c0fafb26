#!/usr/bin/env bash
# Storage benchmark: jvirt and libvirt side by side in one run, each through its daemon as a user
# would use it: the API (jvirtd's REST API through JvirtClient in a warm JVM; libvirtd through
# python3-libvirt) and the CLI (`jvirt VERB` vs `virsh VERB`, one process per call). Same files,
# same ext4: pool-refresh of 1000 volumes (500 qcow2, 500 sparse raw, plus the 1 GiB clone
# source), vol-create-as qcow2 10G, a full clone of a 1 GiB raw volume, upload and download of
# 1 GiB of random data and of a sparse 1 GiB image (5% data). Prints `name: value unit` lines
# (medians). Needs root: creates the user jvbench for a private libvirtd session (libvirt from
# apt, config and state in a temporary directory). Builds jvirt with `mvn package` only. The
# daemons' logs are left in /tmp/jvsbench-{jvirtd,libvirtd}.log.
#   bench/storage.sh [RUNS]
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS=${1:-5}
# shellcheck source=bench/bench-lib.sh
source "$HERE/bench/bench-lib.sh"
bench_install_packages libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients python3-libvirt qemu-utils
bench_build
JAVA_CLI=("$HERE/jvirt") # the launcher, as users run it (it picks the storage family's AOT cache)
TMP="$(mktemp -d /tmp/jvsbench.XXXXXX)"
chmod 755 "$TMP"
# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() {
    jvirtd_stop
    session_libvirtd_stop
    cp "$TMP/jvirtd.log" /tmp/jvsbench-jvirtd.log 2>/dev/null || true
    cp "$TMP/libvirtd.log" /tmp/jvsbench-libvirtd.log 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT

# --- the same files for both --------------------------------------------------
head -c 1G /dev/urandom >"$TMP/src1g.img"
truncate -s 1G "$TMP/sparse1g.img"   # 5% data: 52 runs of 1 MiB, spread out
for i in $(seq 0 51); do head -c 1M /dev/urandom | dd of="$TMP/sparse1g.img" bs=1M seek=$((i * 19 + 3)) conv=notrunc status=none; done
mkdir -p "$TMP/jpool" "$TMP/lpool" "$TMP/jout" "$TMP/lout"
qemu-img create -q -f qcow2 "$TMP/q.qcow2" 10G
for i in $(seq -w 0 499); do
    cp "$TMP/q.qcow2" "$TMP/jpool/q$i.qcow2"; truncate -s "$((10#$i + 1))M" "$TMP/jpool/r$i.img"
done
cp -a --sparse=always "$TMP/jpool/." "$TMP/lpool/"
cp "$TMP/src1g.img" "$TMP/jpool/src1g.img"; cp "$TMP/src1g.img" "$TMP/lpool/src1g.img"
chmod 644 "$TMP/src1g.img" "$TMP/sparse1g.img"
chown -R jvbench:jvbench "$TMP/lpool" "$TMP/lout"
sync

# --- daemons ------------------------------------------------------------------
jvirtd_start "$TMP"
SOCK=$JV_SOCK
session_libvirtd_start "$TMP"
URI=qemu:///session
# both CLIs run through runuser, so each pays the same wrapper cost
jvirt_() { runuser -u root -- "${JAVA_CLI[@]}" "$1" -c "$SOCK" "${@:2}"; }
virsh_() { session_virsh "$@"; }
echo "jvirt_version: $("${JAVA_CLI[@]}" --version | head -1)"
echo "libvirt_version: $(virsh --version)"

# --- API level: one warm client each --------------------------------------------
"${JAVA_CLI[@]}" pool-create -c "$SOCK" - >/dev/null <<XML
<pool type='dir'><name>bench</name><target><path>$TMP/jpool</path></target></pool>
XML
"$BENCH_JAVA" --enable-native-access=ALL-UNNAMED -cp "$BENCH_CP" "$HERE/bench/StorageApiBench.java" "$SOCK" bench "$TMP/src1g.img" "$TMP/sparse1g.img" \
    "$TMP/jout" "$RUNS"
"${SL_AS[@]}" python3 "$HERE/bench/libvirt_storage.py" "$URI" "$TMP/lpool" "$TMP/src1g.img" \
    "$TMP/sparse1g.img" "$TMP/lout" "$RUNS"

# --- CLI level: one process per call, as a user types it --------------------------
virsh_ pool-create-as lbench dir --target "$TMP/lpool" >/dev/null
cli() { # NAME BEFORE-CMD... -- CMD...   (BEFORE runs untimed before each timed CMD)
    local name=$1; shift
    local before=() cmd=()
    while [[ $1 != -- ]]; do before+=("$1"); shift; done; shift
    cmd=("$@")
    for _ in $(seq "$RUNS"); do
        [[ ${#before[@]} -gt 0 ]] && "${before[@]}" >/dev/null 2>&1 || true
        t=$(now); "${cmd[@]}" >/dev/null; ms "$t" "$(now)"
    done | median | sed "s/^/$name: /; s/\$/ ms/"
}
jvirt_ vol-create-as bench up.img 0 --allocation 0 >/dev/null
virsh_ vol-create-as lbench up.img 0 --allocation 0 >/dev/null
cli jvirt_cli_pool_refresh_1000 -- jvirt_ pool-refresh bench
cli virsh_pool_refresh_1000 -- virsh_ pool-refresh lbench
cli jvirt_cli_vol_create_as_qcow2_10G jvirt_ vol-delete --pool bench new.qcow2 -- jvirt_ vol-create-as bench new.qcow2 10G --format qcow2
cli virsh_vol_create_as_qcow2_10G virsh_ vol-delete --pool lbench new.qcow2 -- virsh_ vol-create-as lbench new.qcow2 10G --format qcow2
cli jvirt_cli_vol_clone_1G jvirt_ vol-delete --pool bench clone.img -- jvirt_ vol-clone --pool bench src1g.img clone.img
cli virsh_vol_clone_1G virsh_ vol-delete --pool lbench clone.img -- virsh_ vol-clone --pool lbench src1g.img clone.img
cli jvirt_cli_vol_upload_1G -- jvirt_ vol-upload --pool bench up.img "$TMP/src1g.img"
cli virsh_vol_upload_1G -- virsh_ vol-upload --pool lbench up.img "$TMP/src1g.img"
cli jvirt_cli_vol_download_1G -- jvirt_ vol-download --pool bench up.img "$TMP/jout/down.img"
cli virsh_vol_download_1G -- virsh_ vol-download --pool lbench up.img "$TMP/lout/down.img"
cli jvirt_cli_vol_upload_1G_sparse -- jvirt_ vol-upload --pool bench up.img "$TMP/sparse1g.img"
cli virsh_vol_upload_1G_sparse -- virsh_ vol-upload --sparse --pool lbench up.img "$TMP/sparse1g.img"
cli jvirt_cli_vol_download_1G_sparse -- jvirt_ vol-download --pool bench up.img "$TMP/jout/down.img"
cli virsh_vol_download_1G_sparse -- virsh_ vol-download --sparse --pool lbench up.img "$TMP/lout/down.img"
cmp -s "$TMP/sparse1g.img" "$TMP/jout/down.img" && echo "jvirt_sparse_round_trip: identical" || echo "jvirt_sparse_round_trip: DIFFERENT"
cmp -s "$TMP/sparse1g.img" "$TMP/lout/down.img" && echo "virsh_sparse_round_trip: identical" || echo "virsh_sparse_round_trip: DIFFERENT"
echo "jvirt_sparse_download_allocated: $(du -k "$TMP/jout/down.img" | cut -f1) KiB"
echo "virsh_sparse_download_allocated: $(du -k "$TMP/lout/down.img" | cut -f1) KiB"
for i in $(seq "$RUNS"); do t=$(now); runuser -u root -- "${JAVA_CLI[@]}" --version >/dev/null; ms "$t" "$(now)"; done | median | sed 's/^/jvirt_cli_version_no_daemon_call: /; s/$/ ms/'
for i in $(seq "$RUNS"); do t=$(now); runuser -u jvbench -- virsh --version >/dev/null; ms "$t" "$(now)"; done | median | sed 's/^/virsh_version_no_daemon_call: /; s/$/ ms/'
