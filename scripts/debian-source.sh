# shellcheck shell=bash
# Sourceable library: unpacks chosen paths of a Debian source package (upstream tarball plus the
# Debian patches that touch those paths) into a cache directory, without reading or changing the
# host's apt sources, lists or caches.
#
#   source scripts/debian-source.sh
#   ds_fetch PACKAGE VERSION DEST PATH...   # DEST/.complete marks a finished copy; prints nothing
#
# A caller may define `ds_stamp TREE APPLIED` to choose the first line of DEST/.complete (it gets
# the unpacked tree and the number of Debian patches applied).
#
# A complete DEST is used as it is, without the network. Otherwise the package is fetched with
# `apt-get source --download-only` through a private apt configuration (deb-src list, package
# lists and cache in a temporary folder beside DEST); one fetch at a time per parent of DEST.
# DS_MIRROR, DS_SECURITY_MIRROR and DS_SUITE override the archive. Needs apt, xz-utils, git, tar.

DS_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

ds__log() { echo "debian-source: $*" >&2; }

ds_fetch() {
    local package=$1 version=$2 dest=$3
    shift 3
    local paths=("$@")
    local mirror="${DS_MIRROR:-http://deb.debian.org/debian}"
    local security="${DS_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
    local suite="${DS_SUITE:-bookworm}"
    local parent
    parent="$(dirname "$dest")"
    mkdir -p "$parent"
    [[ -f "$dest/.complete" ]] && return 0
    local tool
    for tool in apt-get xz git tar; do
        command -v "$tool" >/dev/null || { ds__log "error: $tool is missing (apt-get install apt xz-utils git tar)"; return 1; }
    done
    (
        set -euo pipefail
        exec 9>"$parent/.lock"
        flock 9
        [[ -f "$dest/.complete" ]] && exit 0
        work="$(mktemp -d "$parent/.fetch-XXXXXX")"
        trap 'rm -rf "$work"' EXIT
        mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/download" "$work/debian" "$work/tree"
        cat > "$work/sources.list" <<LIST
deb-src [signed-by=$DS_KEYRING] $mirror $suite main
deb-src [signed-by=$DS_KEYRING] $mirror $suite-updates main
deb-src [signed-by=$DS_KEYRING] $security $suite-security main
LIST
        apt_opts=(-q
            -o "Dir::Etc::sourcelist=$work/sources.list" -o Dir::Etc::sourceparts=-
            -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
            -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)
        # apt drops to the _apt user for downloads; that user cannot write into a root-owned 0700 folder.
        if [[ $(id -u) -eq 0 ]]; then apt_opts+=(-o APT::Sandbox::User=root); fi
        ds__log "fetching Debian's $package $version source package (private apt lists in $work)"
        apt-get "${apt_opts[@]}" update >&2
        available="$(apt-cache "${apt_opts[@]}" showsrc "$package" 2>/dev/null | sed -n 's/^Version: //p' | tr '\n' ' ')"
        if [[ " $available " != *" $version "* ]]; then
            ds__log "error: the archive ($mirror $suite) has no $package source $version, only: ${available:-none}."
            exit 1
        fi
        (cd "$work/download" && apt-get "${apt_opts[@]}" source --download-only "$package=$version" >&2)
        upstream="${version%-*}"
        upstream="${upstream#*:}"
        orig="$(compgen -G "$work/download/${package}_$upstream.orig.tar.*" | grep -v '\.asc$' | head -n 1)"
        debian="$(compgen -G "$work/download/${package}_${version#*:}.debian.tar.*" | head -n 1)"
        [[ -n "$orig" && -n "$debian" ]] || { ds__log "error: the download lacks the orig or debian tarball: $(ls "$work/download")"; exit 1; }
        top="$(tar -tf "$orig" | head -n 1 | cut -d/ -f1 || true)"
        members=()
        for p in "${paths[@]}"; do members+=("$top/$p"); done
        tar -xf "$orig" -C "$work/tree" --strip-components=1 "${members[@]}"
        tar -xf "$debian" -C "$work/debian" debian/patches 2>/dev/null || true
        # Debian's patches in series order, each restricted to the paths unpacked above.
        includes=()
        for p in "${paths[@]}"; do
            if [[ -d "$work/tree/$p" ]]; then includes+=(--include="$p/*"); else includes+=(--include="$p"); fi
        done
        applied=0
        if [[ -f "$work/debian/debian/patches/series" ]]; then
            while read -r patch _; do
                [[ -z "$patch" || "$patch" == \#* ]] && continue
                if grep -qE "^\+\+\+ b/($(IFS='|'; echo "${paths[*]}"))" "$work/debian/debian/patches/$patch"; then
                    (cd "$work/tree" && git apply "${includes[@]}" --exclude='*' "$work/debian/debian/patches/$patch")
                    applied=$((applied + 1))
                fi
            done < "$work/debian/debian/patches/series"
        fi
        if declare -F ds_stamp >/dev/null; then
            ds_stamp "$work/tree" "$applied" > "$work/tree/.complete"
        else
            printf '%s %s (Debian source package; %s Debian patches touch the unpacked paths)\n' \
                "$package" "$version" "$applied" > "$work/tree/.complete"
        fi
        rm -rf "$dest"
        mv "$work/tree" "$dest"
        ds__log "$package $version: ${paths[*]} in $dest"
    )
}
