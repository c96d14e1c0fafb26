#!/usr/bin/env bash
# Writes what libvirt makes of each golden argv case of jvirt-qemu: for every
# jvirt-qemu/src/test/resources/argv/NAME.xml (not the err-* cases) it runs `virsh define` and
# `virsh dumpxml --inactive` in a private libvirtd and writes
#   jvirt-qemu/src/test/resources/argv/libvirt/NAME.xml          libvirt's definition, with the
#                                                                 controllers and addresses it assigned
#   jvirt-qemu/src/test/resources/argv/libvirt/NAME.refused.txt  instead, libvirt's error
# LibvirtAddressCorpusTest compares jvirt's assigned addresses of each case with these.
#
#   sudo scripts/argv-libvirt-addresses.sh          # all cases
#   sudo scripts/argv-libvirt-addresses.sh NAME...  # only these
#
# Nothing outside a temporary directory is touched: the libvirtd is bench/libvirt-private.sh's,
# in its own network and mount namespaces. Nothing is started: define only checks and assigns.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
IN="$ROOT/jvirt-qemu/src/test/resources/argv"
OUT="$IN/libvirt"
NS=argv-libvirt
W=$(mktemp -d /tmp/jvirt-argv-libvirt.XXXXXX)

if [[ $(id -u) -ne 0 ]]; then
    echo "argv-libvirt-addresses: run as root (the private libvirtd needs namespaces and mounts)" >&2; exit 1
fi

# shellcheck source=../bench/libvirt-private.sh
source "$ROOT/bench/libvirt-private.sh"
cleanup() {
    lv_stop
    lv_netns_delete "$NS"
    rm -rf "$W"
}
trap cleanup EXIT
lv_install_packages
lv_netns_create "$NS"
LV_CAPS_CACHE=${LV_CAPS_CACHE:-/var/cache/jvirt/libvirt-qemu-caps}
lv_start "$NS" "$W/lv" > /dev/null

mkdir -p "$OUT"
if (( $# )); then names=("$@"); else
    names=()
    for f in "$IN"/*.xml; do
        n=$(basename "$f" .xml)
        [[ "$n" == err-* ]] || names+=("$n")
    done
fi
for n in "${names[@]}"; do
    rm -f "$OUT/$n.xml" "$OUT/$n.refused.txt"
    # the domain's own name, so that an undefine removes exactly it
    name=$(sed -n 's:.*<name>\(.*\)</name>.*:\1:p' "$IN/$n.xml" | head -n 1)
    if err=$(lv_virsh define "$IN/$n.xml" 2>&1 > /dev/null); then
        lv_virsh dumpxml --inactive "$name" > "$OUT/$n.xml"
        lv_virsh undefine --nvram "$name" > /dev/null 2>&1 || lv_virsh undefine "$name" > /dev/null
        echo "argv-libvirt-addresses: $n defined" >&2
    else
        printf '%s\n' "$err" > "$OUT/$n.refused.txt"
        echo "argv-libvirt-addresses: $n refused: $err" >&2
    fi
done
