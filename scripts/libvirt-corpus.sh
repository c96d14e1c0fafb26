#!/usr/bin/env bash
# Makes libvirt's own domain XML test corpus available and prints where it is.
#
#   scripts/libvirt-corpus.sh [DIR]        (DIR defaults to /var/cache/jvirt/libvirt-tests)
#
# Prints the corpus root on stdout, DIR/libvirt-VERSION, which holds
#   tests/qemuxml2argvdata/    NAME.xml inputs, NAME.x86_64-latest.args (libvirt's QEMU argv)
#   tests/qemuxml2xmloutdata/  libvirt's normalized output XML
#   tests/qemuxml2argvtest.c, tests/qemuxml2xmltest.c   (which case libvirt runs how)
#   tests/qemudomainsnapshotxml2xmlin/, ...out/   snapshot documents and libvirt's output
# exactly as in Debian's libvirt source package VERSION (upstream tarball plus Debian's patches,
# restricted to those paths; see scripts/debian-source.sh). VERSION is pinned
# (LIBVIRT_CORPUS_VERSION overrides it) because the lists committed under
# jvirt-it/src/test/resources/corpus describe this very corpus, and name it by the first line of
# its .complete stamp.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/debian-source.sh
source "$HERE/debian-source.sh"

VERSION="${LIBVIRT_CORPUS_VERSION:-9.0.0-4+deb12u2}"
DS_MIRROR="${LIBVIRT_CORPUS_MIRROR:-${DS_MIRROR:-http://deb.debian.org/debian}}"
DS_SECURITY_MIRROR="${LIBVIRT_CORPUS_SECURITY_MIRROR:-${DS_SECURITY_MIRROR:-http://deb.debian.org/debian-security}}"
DS_SUITE="${LIBVIRT_CORPUS_SUITE:-${DS_SUITE:-bookworm}}"
export DS_MIRROR DS_SECURITY_MIRROR DS_SUITE

ds_stamp() { # TREE APPLIED
    local inputs
    inputs=$(find "$1/tests/qemuxml2argvdata" -maxdepth 1 -name '*.xml' | wc -l)
    printf 'libvirt %s (Debian source package; %s inputs in tests/qemuxml2argvdata; %s Debian patches touch it)\n' \
        "$VERSION" "$inputs" "$2"
}

dir="${1:-/var/cache/jvirt/libvirt-tests}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
dest="$dir/libvirt-$VERSION"
ds_fetch libvirt "$VERSION" "$dest" tests/qemuxml2argvdata tests/qemuxml2xmloutdata tests/qemuxml2argvtest.c \
    tests/qemudomainsnapshotxml2xmlin tests/qemudomainsnapshotxml2xmlout \
    tests/qemuxml2xmltest.c
echo "$dest"
