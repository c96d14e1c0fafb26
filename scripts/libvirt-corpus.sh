#!/usr/bin/env bash
# Makes libvirt's own domain XML test corpus available and prints where it is.
#
#   scripts/libvirt-corpus.sh [DIR]        (DIR defaults to /var/cache/jvirt/libvirt-tests)
#
# Prints the corpus root on stdout, DIR/libvirt-VERSION, which holds
#   tests/qemuxml2argvdata/    NAME.xml inputs, NAME.x86_64-latest.args (libvirt's QEMU argv)
#   tests/qemuxml2xmloutdata/  libvirt's normalized output XML
#   tests/qemuxml2argvtest.c, tests/qemuxml2xmltest.c   (which case libvirt runs how)
# exactly as in Debian's libvirt source package VERSION (upstream tarball plus Debian's patches,
# restricted to those paths). VERSION is pinned (LIBVIRT_CORPUS_VERSION overrides it) because the
# lists committed under jvirt-it/src/test/resources/corpus describe this very corpus.
#
# A complete copy (marked by .complete) is used as it is, without touching the network. Otherwise
# the source package is fetched with `apt-get source --download-only` through a private apt
# configuration: a deb-src list, package lists and cache in a temporary folder of DIR. The host's
# sources, package lists and caches are neither read for this nor changed, so no `apt-get update`
# of the host is needed afterwards. Needs apt, xz-utils and git (git apply filters the patches).
set -euo pipefail

VERSION="${LIBVIRT_CORPUS_VERSION:-9.0.0-4+deb12u2}"
MIRROR="${LIBVIRT_CORPUS_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${LIBVIRT_CORPUS_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
SUITE="${LIBVIRT_CORPUS_SUITE:-bookworm}"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
PATHS=(tests/qemuxml2argvdata tests/qemuxml2xmloutdata tests/qemuxml2argvtest.c tests/qemuxml2xmltest.c)

log() { echo "libvirt-corpus: $*" >&2; }

dir="${1:-/var/cache/jvirt/libvirt-tests}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
dest="$dir/libvirt-$VERSION"

if [[ -f "$dest/.complete" ]]; then
    echo "$dest"
    exit 0
fi

# One fetch at a time per DIR; a second caller waits and then finds the copy complete.
exec 9>"$dir/.lock"
flock 9
if [[ -f "$dest/.complete" ]]; then
    echo "$dest"
    exit 0
fi

for tool in apt-get xz git tar; do
    command -v "$tool" >/dev/null || { log "error: $tool is missing (apt-get install apt xz-utils git tar)"; exit 1; }
done

work="$(mktemp -d "$dir/.fetch-XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/download" "$work/debian" "$work/tree"
cat > "$work/sources.list" <<EOF
deb-src [signed-by=$KEYRING] $MIRROR $SUITE main
deb-src [signed-by=$KEYRING] $MIRROR $SUITE-updates main
deb-src [signed-by=$KEYRING] $SECURITY_MIRROR $SUITE-security main
EOF
apt_opts=(-q
    -o "Dir::Etc::sourcelist=$work/sources.list" -o Dir::Etc::sourceparts=-
    -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
    -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)
# apt drops to the _apt user for downloads; that user cannot write into a root-owned 0700 folder.
if [[ $(id -u) -eq 0 ]]; then apt_opts+=(-o APT::Sandbox::User=root); fi

log "fetching Debian's libvirt $VERSION source package (private apt lists in $work)"
apt-get "${apt_opts[@]}" update >&2
if ! apt-cache "${apt_opts[@]}" showsrc libvirt 2>/dev/null | grep -qx "Version: $VERSION"; then
    available="$(apt-cache "${apt_opts[@]}" showsrc libvirt 2>/dev/null | sed -n 's/^Version: //p' | tr '\n' ' ')"
    log "error: the archive ($MIRROR $SUITE) has no libvirt source $VERSION, only: ${available:-none}."
    log "  Set LIBVIRT_CORPUS_VERSION to one of those (then regenerate the corpus lists with"
    log "  scripts/libvirt-corpus-peer.sh), or LIBVIRT_CORPUS_MIRROR to an archive that keeps $VERSION."
    exit 1
fi
(cd "$work/download" && apt-get "${apt_opts[@]}" source --download-only "libvirt=$VERSION" >&2)

upstream="${VERSION%-*}"
upstream="${upstream#*:}"
orig="$(compgen -G "$work/download/libvirt_$upstream.orig.tar.*" | grep -v '\.asc$' | head -n 1)"
debian="$(compgen -G "$work/download/libvirt_${VERSION#*:}.debian.tar.*" | head -n 1)"
[[ -n "$orig" && -n "$debian" ]] || { log "error: the download lacks the orig or debian tarball: $(ls "$work/download")"; exit 1; }

members=()
for p in "${PATHS[@]}"; do members+=("libvirt-$upstream/$p"); done
tar -xf "$orig" -C "$work/tree" --strip-components=1 "${members[@]}"
tar -xf "$debian" -C "$work/debian" debian/patches

# Debian's patches in series order, each restricted to the paths unpacked above.
includes=()
for p in "${PATHS[@]}"; do
    if [[ "$p" == *.c ]]; then includes+=(--include="$p"); else includes+=(--include="$p/*"); fi
done
applied=0
if [[ -f "$work/debian/debian/patches/series" ]]; then
    while read -r patch _; do
        [[ -z "$patch" || "$patch" == \#* ]] && continue
        if grep -qE "^\+\+\+ b/($(IFS='|'; echo "${PATHS[*]}"))" "$work/debian/debian/patches/$patch"; then
            (cd "$work/tree" && git apply "${includes[@]}" --exclude='*' "$work/debian/debian/patches/$patch")
            applied=$((applied + 1))
        fi
    done < "$work/debian/debian/patches/series"
fi

inputs=$(find "$work/tree/tests/qemuxml2argvdata" -maxdepth 1 -name '*.xml' | wc -l)
# The first line names this corpus; the committed lists record it and the tests compare the two.
printf 'libvirt %s (Debian source package; %s inputs in tests/qemuxml2argvdata; %s Debian patches touch it)\n' \
    "$VERSION" "$inputs" "$applied" > "$work/tree/.complete"
rm -rf "$dest"
mv "$work/tree" "$dest"
log "libvirt $VERSION corpus in $dest ($inputs input files, $applied Debian patches touch it)"
echo "$dest"
