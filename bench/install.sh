#!/usr/bin/env bash
# `jvirt install` against `virt-install`, side by side in one run, same guest and disk:
#   jvirt install --import ... --noautoconsole     (jvirtd)
#   virt-install  --import ... --noautoconsole     (a private session libvirtd)
# each from the command's start to its exit with the domain defined and running (median of RUNS),
# then the time to the guest's ready line. Prints `name: value unit` lines. Needs root (the
# session libvirtd runs as the user jvbench, in a temporary directory).
#   bench/install.sh [RUNS]
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS=${1:-5}
# shellcheck source=bench/bench-lib.sh
source "$HERE/bench/bench-lib.sh"
bench_install_packages libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients virtinst osinfo-db qemu-system-x86
bench_build
GUEST=/var/cache/jvirt/guest
bash "$HERE/scripts/build-test-guest.sh" "$GUEST" >&2
chmod -R a+rX /var/cache/jvirt
TMP="$(mktemp -d /tmp/jvbench-install.XXXXXX)"
chmod 755 "$TMP"
# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() {
    [[ -z "$JV_PID" ]] || "$HERE/jvirt" -c "$JV_SOCK" destroy jb-inst >/dev/null 2>&1 || true
    [[ -z "$SL_PID" ]] || session_virsh destroy jb-inst >/dev/null 2>&1 || true
    jvirtd_stop
    session_libvirtd_stop
    rm -rf "$TMP"
}
trap cleanup EXIT

jvirtd_start "$TMP"
session_libvirtd_start "$TMP"

# the same options for both: the test guest's root disk (a fresh copy per run), its kernel
common() { # DISK LOG: sets ARGS
    ARGS=(--name jb-inst --virt-type qemu --memory 256 --vcpus 1 --osinfo linux2020 --import
        --disk "$1" --network none --graphics none --noautoconsole --serial "file,path=$2"
        --boot "kernel=$GUEST/vmlinuz,initrd=$GUEST/initrd.img,kernel_args='console=ttyS0 panic=-1 quiet root=/dev/vda'")
}

run_one() { # TOOL
    # the disk and the console log in a directory of the user whose QEMU writes them (virt-install
    # removes a log file it cannot own after a failed start, and the session QEMU runs as jvbench)
    local tool=$1 dir="$TMP/$1" t0 t1 t2
    local disk="$dir/disk.raw" log="$dir/console.log"
    rm -rf "$dir"; mkdir "$dir"
    cp "$GUEST/root.ext4" "$disk"
    [[ $tool == jvirt ]] || chown -R jvbench "$dir"
    common "$disk" "$log"
    t0=$(now)
    if [[ $tool == jvirt ]]; then
        "$HERE/jvirt" install -c "$JV_SOCK" "${ARGS[@]}" > "$TMP/out-$tool" 2>&1 || { cat "$TMP/out-$tool" >&2; return 1; }
    else
        "${SL_AS[@]}" virt-install --connect qemu:///session "${ARGS[@]}" > "$TMP/out-$tool" 2>&1 \
            || { cat "$TMP/out-$tool" >&2; return 1; }
    fi
    t1=$(now)
    bench_wait_ready "$log"
    t2=$(now)
    echo "$(ms "$t0" "$t1") $(ms "$t0" "$t2")"
    if [[ $tool == jvirt ]]; then
        "$HERE/jvirt" -c "$JV_SOCK" destroy jb-inst >/dev/null; "$HERE/jvirt" -c "$JV_SOCK" undefine jb-inst >/dev/null
    else
        session_virsh destroy jb-inst >/dev/null; session_virsh undefine jb-inst >/dev/null
    fi
}

for tool in jvirt virt-install; do
    : > "$TMP/times-$tool"
    for _ in $(seq "$RUNS"); do run_one "$tool" >> "$TMP/times-$tool"; done
    name=${tool/#jvirt/jvirt_install}; name=${name//-/_}
    cut -d' ' -f1 "$TMP/times-$tool" | median | sed "s/^/${name}_import_to_running: /; s/\$/ ms/"
    cut -d' ' -f2 "$TMP/times-$tool" | median | sed "s/^/${name}_import_to_guest_ready: /; s/\$/ ms/"
done
