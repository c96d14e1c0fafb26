#!/bin/bash
# Regenerates the virt-clone --print-xml references of ClonePlannerTest with virt-clone 4.1 against
# a private libvirtd (bench/libvirt-private.sh): run as root from this directory.
#   demo.defined.xml        libvirt's view of demo.xml (what virt-clone starts from)
#   auto.xml                virt-clone --original demo --auto-clone --print-xml
#   files.xml               ... --name web2 --file POOL/web2-a.qcow2 --file POOL/web2-b.img --mac 52:54:00:aa:bb:cc --mac RANDOM
#   skip.xml                ... --name web3 --auto-clone --skip-copy vdb
#   force.xml               ... --name web4 --auto-clone --force-copy hdc (the read-only CD-ROM copied too)
#   replace.xml             ... --name old --auto-clone --replace, with a domain 'old' defined (its name is taken)
# POOL is written as @POOL@ in all of them.
set -euo pipefail
here=$(pwd)
source "$here/../../../../../bench/libvirt-private.sh"
work=$(mktemp -d /tmp/virt-clone-ref.XXXXXX)
pool=$work/pool
mkdir -p "$pool"
qemu-img create -q -f qcow2 "$pool/demo.qcow2" 64M
qemu-img create -q -f raw "$pool/data.img" 32M
qemu-img create -q -f raw "$pool/install.iso" 1M
lv_install_packages virtinst
lv_netns_create jvclref
trap 'lv_stop; lv_netns_delete jvclref; rm -rf "$work"' EXIT
lv_start jvclref "$work/lv"
lv_virsh pool-define-as clonepool dir --target "$pool" >/dev/null
lv_virsh pool-start clonepool >/dev/null
sed "s|@POOL@|$pool|g" demo.xml > "$work/demo.xml"
lv_virsh define "$work/demo.xml" >/dev/null
vc() { virt-clone --connect "$LV_URI" "$@" | sed "s|$pool|@POOL@|g"; }
lv_virsh dumpxml --inactive --security-info demo | sed "s|$pool|@POOL@|g" > demo.defined.xml
vc --original demo --auto-clone --print-xml > auto.xml
vc --original demo --name web2 --file "$pool/web2-a.qcow2" --file "$pool/web2-b.img" \
    --mac 52:54:00:aa:bb:cc --mac RANDOM --print-xml > files.xml
vc --original demo --name web3 --auto-clone --skip-copy vdb --print-xml > skip.xml
vc --original demo --name web4 --auto-clone --force-copy hdc --print-xml > force.xml
sed -e 's|<name>demo</name>|<name>old</name>|' -e '/<uuid>/d' -e '/<mac address/d' "$work/demo.xml" > "$work/old.xml"
lv_virsh define "$work/old.xml" >/dev/null
vc --original demo --name old --auto-clone --replace --print-xml > replace.xml
echo "references written"
