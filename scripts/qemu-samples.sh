#!/usr/bin/env bash
# Makes the sample images of QEMU's own tests (tests/qemu-iotests/sample_images in Debian's qemu
# source package) available, and prints the directory that holds them. The image engine's tests
# read formats qemu-img cannot create from there (Hyper-V and Disk2VHD vhdx, a dirty vhdx log,
# dmg, cloop, bochs, parallels); they are fetched, not copied into this repository.
#
#   scripts/qemu-samples.sh [DIR]      (DIR defaults to /var/cache/jvirt/qemu-samples)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/debian-source.sh
source "$HERE/debian-source.sh"
VERSION="${QEMU_SAMPLES_VERSION:-1:7.2+dfsg-7+deb12u18}"
dir="${1:-/var/cache/jvirt/qemu-samples}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
dest="$dir/qemu-${VERSION#*:}"
ds_fetch qemu "$VERSION" "$dest" tests/qemu-iotests/sample_images
echo "$dest/tests/qemu-iotests/sample_images"
