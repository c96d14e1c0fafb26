#!/usr/bin/env bash
# Runs every jvirt test, unit and integration, installing what the tests need first:
# Debian packages (QEMU, qemu-img, busybox, dnsmasq, nftables...) and the busybox test guest.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$HERE"
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
PACKAGES=(qemu-system-x86 qemu-utils qemu-block-extra ovmf swtpm swtpm-tools bzip2 busybox-static cpio e2fsprogs xfsprogs btrfs-progs kmod dnsmasq-base nftables iproute2 ethtool util-linux git xz-utils xorriso ipxe-qemu)
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "error: missing packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
    echo "test.sh: installing ${missing[*]}" >&2
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
GUEST="${JVIRT_TEST_GUEST:-/var/cache/jvirt/guest}"
bash scripts/build-test-guest.sh "$GUEST"
export JVIRT_TEST_GUEST="$GUEST"
# libvirt's own domain XML corpus (Debian's libvirt source package), judge of jvirt's XML and argv
CORPUS="$(bash scripts/libvirt-corpus.sh "${JVIRT_LIBVIRT_CORPUS_CACHE:-/var/cache/jvirt/libvirt-tests}")"
export JVIRT_LIBVIRT_CORPUS="$CORPUS"
# the sample images of QEMU's own tests (Debian's qemu source package): formats qemu-img cannot create
SAMPLES="$(bash scripts/qemu-samples.sh "${JVIRT_QEMU_SAMPLES_CACHE:-/var/cache/jvirt/qemu-samples}")"
export JVIRT_QEMU_SAMPLES="$SAMPLES"
mvn -B -ntp install -Djvirt.testGuest="$GUEST" -Djvirt.libvirtCorpus="$CORPUS" -Djvirt.qemuSamples="$SAMPLES" "$@"
# jvirt as users run it: the launcher, the dist jar and each command family's AOT cache
bash scripts/launcher-smoke.sh "$GUEST"
