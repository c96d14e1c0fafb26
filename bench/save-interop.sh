#!/usr/bin/env bash
# One save-image format with libvirt: a guest saved by `virsh save` is restored by `jvirt restore`
# and one saved by `jvirt save` by `virsh restore` (a private session libvirtd, the busybox test
# guest, the same domain XML on both sides). Prints `name: yes|no` lines: yes when the restore
# succeeded and the domain then runs with the reason "restored" (QEMU accepted the other's
# migration stream for its devices). The guest restored in jvirt stays paused until jvirt saves
# it again, so both files hold the same memory: their sizes compare the two tools' files for one
# guest. Needs root (the session libvirtd runs as the user jvbench).
#   bench/save-interop.sh
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
# shellcheck source=bench/bench-lib.sh
source "$HERE/bench/bench-lib.sh"
bench_operations_setup jvbench-xr jb-xr
mkdir -p "$TMP/img" "$TMP/logs" "$TMP/out" && chmod 777 "$TMP/img" "$TMP/logs" "$TMP/out"
qemu-img create -q -f qcow2 "$TMP/img/root.qcow2" 1G
chmod 666 "$TMP"/img/*
bench_guest_xml jb-xr "$TMP/img/root.qcow2" "$TMP/logs/guest.log" on > "$TMP/g.xml"
chmod 644 "$TMP/g.xml"
restored() { # STATE-LINE
    [[ "$1" == "running (restored)" || "$1" == "paused (restored)" ]] && echo yes || echo "no ($1)"
}

# virsh save -> jvirt restore
virsh_ define "$TMP/g.xml" >/dev/null
virsh_ start jb-xr >/dev/null
bench_wait_ready "$TMP/logs/guest.log"
virsh_ save jb-xr "$TMP/out/l.save" >/dev/null
virsh_ undefine jb-xr >/dev/null
if jvirt_ restore --paused "$TMP/out/l.save" >/dev/null; then
    echo "jvirt_restores_virsh_save: $(restored "$(jvirt_ domstate --reason jb-xr | head -1)")"
else
    echo "jvirt_restores_virsh_save: no"
fi

# jvirt save -> virsh restore (the guest restored above, still paused: the same memory)
: > "$TMP/logs/guest.log"
jvirt_ save jb-xr "$TMP/out/j.save" >/dev/null
echo "same_guest_virsh_save_file: $(stat -c %s "$TMP/out/l.save") bytes"
echo "same_guest_jvirt_save_file: $(stat -c %s "$TMP/out/j.save") bytes"
jvirt_ undefine jb-xr >/dev/null 2>&1 || true
chown jvbench "$TMP/out/j.save"
if virsh_ restore --running "$TMP/out/j.save" >/dev/null; then
    echo "virsh_restores_jvirt_save: $(restored "$(virsh_ domstate --reason jb-xr | head -1)")"
else
    echo "virsh_restores_jvirt_save: no"
fi
virsh_ destroy jb-xr >/dev/null 2>&1 || true
