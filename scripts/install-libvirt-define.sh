#!/usr/bin/env bash
# Has the real libvirt (a private libvirtd, bench/libvirt-private.sh) judge the domain XML that
# `jvirt install` plans: every document InstallGoldenTest wrote to jvirt-cli/target/install-print-xml/
# (the --print-xml output of each virt-install golden case: install and installed boots) must
# pass `virsh define`. Prints one line per document and a summary; exits 1 when any is refused.
#
#   sudo scripts/install-libvirt-define.sh        # runs InstallGoldenTest first unless SKIP_TEST=1
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DOCS="$ROOT/jvirt-cli/target/install-print-xml"
NS=jvirt-install-define
W=$(mktemp -d /tmp/jvirt-install-define.XXXXXX)

if [[ $(id -u) -ne 0 ]]; then
    echo "install-libvirt-define: run as root (the private libvirtd needs namespaces and mounts)" >&2; exit 1
fi
if [[ "${SKIP_TEST:-}" != 1 ]]; then
    (cd "$ROOT" && JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64} mvn -o -q -pl jvirt-cli -am test \
        -Dtest=InstallGoldenTest -Dsurefire.failIfNoSpecifiedTests=false > "$W/mvn.log" 2>&1) \
        || { tail -n 30 "$W/mvn.log" >&2; exit 1; }
fi

# shellcheck source=../bench/libvirt-private.sh
source "$ROOT/bench/libvirt-private.sh"
LV_PACKAGES+=(swtpm swtpm-tools ovmf)
cleanup() { lv_stop; lv_netns_delete "$NS"; rm -rf "$W"; }
trap cleanup EXIT
lv_install_packages
lv_netns_create "$NS"
LV_CAPS_CACHE=${LV_CAPS_CACHE:-/var/cache/jvirt/libvirt-qemu-caps}
lv_start "$NS" "$W/libvirt" > /dev/null
cat > "$W/net-default.xml" <<'XML'
<network><name>default</name><forward mode='nat'/><bridge name='virbr0'/>
<ip address='192.168.122.1' netmask='255.255.255.0'/></network>
XML
lv_virsh net-define "$W/net-default.xml" > /dev/null

VIRTINST="$ROOT/jvirt-it/src/test/resources/virtinst"
pass=0 fail=0 same=0
for f in "$DOCS"/*.xml; do
    name=$(sed -n 's|.*<name>\(.*\)</name>.*|\1|p' "$f" | head -n1)
    if err=$(lv_virsh define "$f" 2>&1 > /dev/null); then
        lv_virsh undefine --nvram "$name" > /dev/null 2>&1 || lv_virsh undefine "$name" > /dev/null
        echo "defined: $(basename "$f")"
        pass=$((pass + 1))
    elif [[ -f "$VIRTINST/$(basename "$f" .xml).libvirt-refused.txt" ]]; then
        echo "refused, as virt-install's own document is: $(basename "$f"): ${err//$'\n'/ }"
        same=$((same + 1))
    else
        echo "REFUSED: $(basename "$f"): $err"
        fail=$((fail + 1))
    fi
done
echo "install_print_xml_defined_by_libvirt: $pass of $((pass + same + fail)) ($same refused as virt-install's own)"
(( fail == 0 ))
