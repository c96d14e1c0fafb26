#!/bin/bash
# Builds the jvirt busybox test guest from Debian packages.
#
# Usage: scripts/build-test-guest.sh OUTDIR [cloud|generic]
#
# The kernel flavour is Debian's cloud kernel by default (small, fast to boot); 'generic' takes
# the standard kernel, which has the 9p modules the cloud kernel lacks (the shared-folder test).
#
# Outputs (see scripts/README-test-guest.md):
#   OUTDIR/vmlinuz     Debian 12 cloud kernel
#   OUTDIR/initrd.img  busybox initramfs with the virtio/button/evdev modules
#   OUTDIR/root.ext4   ext4 root disk (busybox + init) for root=/dev/vda
#   OUTDIR/VERSION     cache key: package versions and this script's hash
#
# A second run with the same OUTDIR and the same inputs does nothing. Needs root only for
# apt-get (downloads); nothing is installed on the host and nothing is mounted.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 || "$1" == -* ]]; then
    echo "Usage: $0 OUTDIR [cloud|generic]" >&2
    exit 2
fi
OUTDIR=$1
FLAVOUR=${2:-cloud}
case "$FLAVOUR" in
    cloud) KERNEL_META=linux-image-cloud-amd64; KERNEL_SUFFIX=-cloud-amd64 ;;
    generic) KERNEL_META=linux-image-amd64; KERNEL_SUFFIX=-amd64 ;;
    *) echo "Usage: $0 OUTDIR [cloud|generic]" >&2; exit 2 ;;
esac

BUSYBOX_PKG=busybox-static
ROOT_DISK_SIZE=32M
# Modules loaded by the guest, in order; dependencies found in the .ko files are loaded first
# and names not present in the kernel package are skipped (built-in or absent).
# Shared folders (9p, virtiofs), SCSI and the TPM interfaces are there for the disk, filesystem
# and TPM tests: the guest mounts 'mount -t 9p -o trans=virtio TAG /mnt' and
# 'mount -t virtiofs TAG /mnt', and finds /dev/tpm0 once tpm_tis or tpm_crb is loaded.
WANTED_MODULES=(virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci
    failover net_failover virtio_net virtio_blk virtio_console virtio_balloon virtio_rng
    button evdev jbd2 mbcache crc16 crc32c_generic ext4
    netfs 9pnet 9pnet_virtio 9p fuse virtiofs
    scsi_common scsi_mod sd_mod sr_mod virtio_scsi
    tpm tpm_tis_core tpm_tis tpm_crb)

log() { echo "build-test-guest: $*" >&2; }
die() { log "$*"; exit 1; }

SCRIPT_SHA=$(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)
APT_LISTS=/var/lib/apt/lists

# Prints "KERNEL_PKG KERNEL_VERSION BUSYBOX_VERSION" from the apt lists (one apt-cache call).
package_versions() {
    apt-cache show --no-all-versions "$KERNEL_META" "$BUSYBOX_PKG" 2>/dev/null | awk '
        /^Package: / { pkg = $2 }
        /^Version: / && pkg == "'"$BUSYBOX_PKG"'" { bb = $2 }
        /^Depends: / && pkg == "'"$KERNEL_META"'" {
            if (match($0, /linux-image-[0-9][^ ,]*'"$KERNEL_SUFFIX"' \(= [^)]*\)/)) {
                split(substr($0, RSTART, RLENGTH), d, /[ ()=]+/)
                kpkg = d[1]; kver = d[2]
            }
        }
        END { if (kpkg != "" && bb != "") print kpkg, kver, bb }'
}

resolve_inputs() {
    local versions
    versions=$(package_versions)
    if [[ -z "$versions" ]]; then
        log "the apt lists do not know $KERNEL_META or $BUSYBOX_PKG; running apt-get update"
        apt-get update -qq >&2
        versions=$(package_versions)
    fi
    [[ -n "$versions" ]] || die "The apt lists name no downloadable $KERNEL_META kernel package or $BUSYBOX_PKG."
    read -r KERNEL_PKG KERNEL_VERSION BUSYBOX_VERSION <<<"$versions"
    CACHE_KEY=$(printf 'kernel=%s %s\nbusybox=%s %s\nscript=%s\n' \
        "$KERNEL_PKG" "$KERNEL_VERSION" "$BUSYBOX_PKG" "$BUSYBOX_VERSION" "$SCRIPT_SHA")
}

outputs_exist() {
    [[ -f "$OUTDIR/VERSION" && -f "$OUTDIR/vmlinuz" && -f "$OUTDIR/initrd.img" && -f "$OUTDIR/root.ext4" ]]
}

# Fast check without apt: same script, and no apt list changed since the last build.
is_cached_quick() {
    outputs_exist && grep -qx "script=$SCRIPT_SHA" "$OUTDIR/VERSION" \
        && [[ -z "$(find "$APT_LISTS" -maxdepth 1 -type f -newer "$OUTDIR/VERSION" -print -quit 2>/dev/null)" ]]
}

is_cached() {
    outputs_exist && [[ "$(cat "$OUTDIR/VERSION")" == "$CACHE_KEY" ]]
}

# Prints the dependencies (module names) recorded in a .ko file's modinfo section.
module_depends() {
    tr '\0' '\n' <"$1" | sed -n 's/^depends=//p' | head -n1 | tr ',' ' '
}

# Finds a module file by name; '-' and '_' are interchangeable in module names.
module_file() {
    local name=$1 pattern
    pattern=$(echo "$name" | sed 's/[-_]/[-_]/g')
    find "$MODDIR/kernel" -regextype posix-extended -regex ".*/${pattern}\.ko" | head -n1
}

# Appends a module and (first) its dependencies to LOAD_ORDER, each once.
add_module() {
    local name=${1//-/_} file dep
    [[ " ${LOAD_ORDER[*]-} " == *" $name "* ]] && return 0
    file=$(module_file "$name")
    if [[ -z "$file" ]]; then
        if grep -Eq "/${name//_/[-_]}\.ko$" "$MODDIR/modules.builtin"; then
            log "module $name is built into the kernel"
        else
            log "module $name is not in the kernel package; skipped"
        fi
        return 0
    fi
    for dep in $(module_depends "$file"); do
        add_module "$dep"
    done
    LOAD_ORDER+=("$name")
    MODULE_FILES[$name]=$file
}

write_udhcpc_script() {
    cat >"$1" <<'EOF'
#!/bin/sh
# Minimal udhcpc hook: configures the lease and reports it on the console.
case "$1" in
    deconfig)
        ip -4 addr flush dev "$interface"
        ip link set dev "$interface" up
        ;;
    bound|renew)
        ip -4 addr flush dev "$interface"
        ip addr add "$ip/${mask:-24}" dev "$interface"
        for r in $router; do ip route replace default via "$r" dev "$interface"; break; done
        : >/etc/resolv.conf
        for d in $dns; do echo "nameserver $d" >>/etc/resolv.conf; done
        echo "JVIRT-GUEST-DHCP $interface $ip" >/dev/console
        ;;
esac
exit 0
EOF
    chmod 755 "$1"
}

write_init() {
    cat >"$1" <<'EOF'
#!/bin/sh
# jvirt test guest init. Stage "initrd" loads modules and, with root=/dev/vda on the kernel
# command line, switches into the ext4 root disk, where this same script runs as stage "vda".
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
stage=initrd
[ "$1" = "--root=vda" ] && stage=vda

[ -e /proc/self ] || mount -t proc proc /proc
[ -d /sys/class ] || mount -t sysfs sysfs /sys
[ -e /dev/null ] || mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
cmdline=$(cat /proc/cmdline)

has_arg() {
    for a in $cmdline; do [ "$a" = "$1" ] && return 0; done
    return 1
}

if [ "$stage" = initrd ]; then
    for m in $(cat /lib/modules/jvirt/load-order); do
        insmod "/lib/modules/jvirt/$m.ko" || echo "jvirt init: insmod $m failed"
    done
    if has_arg root=/dev/vda; then
        i=0
        while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
        if mount -t ext4 -o rw /dev/vda /newroot; then
            mount --move /proc /newroot/proc
            mount --move /sys /newroot/sys
            mount --move /dev /newroot/dev
            exec switch_root /newroot /init --root=vda
        fi
        echo "jvirt init: cannot mount /dev/vda; staying in the initramfs"
    fi
fi

# Hot-added CPUs come online as a distribution's udev rule brings them (the kernel adds them
# offline, and the cloud kernel has no uevent helper to run a script): look once a second.
(while true; do
    for c in /sys/devices/system/cpu/cpu[0-9]*/online; do
        [ "$(cat "$c" 2>/dev/null)" = 0 ] && echo 1 >"$c"
    done
    sleep 1
done) &

hostname jvirt-guest
ip link set lo up
if [ -e /sys/class/net/eth0 ]; then
    ip link set eth0 up
    if has_arg jvirt.dhcp=1; then
        # ten discovers 3 s apart (30 s): a new port of a bridge with STP on forwards nothing
        # for its first 4 s (the kernel holds STP's forward delay at 2 s at least), and dnsmasq
        # pings an address for up to 3 s before it offers it. busybox's default (3 discovers)
        # gave up on a guest that booted quickly; a 1 s timeout missed offers that came late
        # and kept one of two guests booted together unconfigured
        udhcpc -i eth0 -n -q -t 10 -T 3 -s /usr/share/udhcpc/default.script >/dev/null 2>&1 &
    fi
fi

# ACPI power button (QMP system_powerdown): read one input event, then power off. The event
# device is opened here, before the ready line, so that a press right after it is not lost.
power_button=
i=0
while [ -z "$power_button" ] && [ $i -lt 100 ]; do
    for d in /sys/class/input/event*; do
        [ "$(cat "$d/device/name" 2>/dev/null)" = "Power Button" ] && power_button=/dev/input/${d##*/}
    done
    [ -n "$power_button" ] || sleep 0.05
    i=$((i + 1))
done
if [ -c "$power_button" ]; then
    exec 3<"$power_button"
    (dd bs=24 count=1 of=/dev/null <&3 2>/dev/null; sync; poweroff -f) &
else
    echo "jvirt init: no Power Button input device; system_powerdown will not work"
fi

# The leading newline ends whatever the firmware left on the current console line.
if [ "$stage" = vda ]; then
    printf '\nJVIRT-GUEST-READY root=vda\n'
else
    printf '\nJVIRT-GUEST-READY\n'
fi

while true; do
    setsid cttyhack sh 3<&-
    sleep 0.2
done
EOF
    chmod 755 "$1"
}

# Creates a busybox tree (binary, applet links, init, udhcpc hook) in $1.
populate_busybox_tree() {
    local root=$1 applet
    mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/share/udhcpc,etc,proc,sys,dev,tmp,root,run,var}
    cp "$WORK/busybox/bin/busybox" "$root/bin/busybox"
    for applet in $("$root/bin/busybox" --list); do
        [[ "$applet" == busybox ]] || ln -sf busybox "$root/bin/$applet"
    done
    write_init "$root/init"
    write_udhcpc_script "$root/usr/share/udhcpc/default.script"
    echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
    echo "root:x:0:" >"$root/etc/group"
    : >"$root/etc/resolv.conf"
    chmod 1777 "$root/tmp"
}

build() {
    WORK=$(mktemp -d /tmp/jvirt-test-guest.XXXXXX)
    trap 'rm -rf "$WORK"' EXIT
    chmod 755 "$WORK"
    mkdir -p "$WORK/debs"
    chmod 755 "$WORK/debs"
    log "downloading $KERNEL_PKG $KERNEL_VERSION and $BUSYBOX_PKG $BUSYBOX_VERSION"
    (cd "$WORK/debs" && apt-get download -qq -o APT::Sandbox::User=root \
        "$KERNEL_PKG=$KERNEL_VERSION" "$BUSYBOX_PKG=$BUSYBOX_VERSION" >&2)
    dpkg-deb -x "$WORK"/debs/linux-image-*.deb "$WORK/kernel"
    dpkg-deb -x "$WORK"/debs/busybox-static_*.deb "$WORK/busybox"

    local kver
    kver=$(ls "$WORK/kernel/lib/modules")
    [[ $(echo "$kver" | wc -l) -eq 1 ]] || die "The kernel package holds more than one module tree: $kver."
    MODDIR=$WORK/kernel/lib/modules/$kver

    LOAD_ORDER=()
    declare -gA MODULE_FILES=()
    local m
    for m in "${WANTED_MODULES[@]}"; do add_module "$m"; done
    log "module load order: ${LOAD_ORDER[*]}"

    local initrd=$WORK/initrd
    populate_busybox_tree "$initrd"
    mkdir -p "$initrd/newroot" "$initrd/lib/modules/jvirt"
    for m in "${LOAD_ORDER[@]}"; do cp "${MODULE_FILES[$m]}" "$initrd/lib/modules/jvirt/$m.ko"; done
    printf '%s\n' "${LOAD_ORDER[@]}" >"$initrd/lib/modules/jvirt/load-order"
    (cd "$initrd" && find . -mindepth 1 | LC_ALL=C sort \
        | cpio --quiet -o -H newc -R 0:0 | gzip -9n) >"$WORK/initrd.img"

    local rootfs=$WORK/rootfs
    populate_busybox_tree "$rootfs"
    truncate -s "$ROOT_DISK_SIZE" "$WORK/root.ext4"
    mke2fs -q -F -t ext4 -L jvirt-root -E root_owner=0:0 -d "$rootfs" "$WORK/root.ext4"

    mkdir -p "$OUTDIR"
    rm -f "$OUTDIR/VERSION"
    install -m 644 "$WORK/kernel/boot/vmlinuz-$kver" "$OUTDIR/vmlinuz.tmp"
    install -m 644 "$WORK/initrd.img" "$OUTDIR/initrd.img.tmp"
    install -m 644 "$WORK/root.ext4" "$OUTDIR/root.ext4.tmp"
    mv -f "$OUTDIR/vmlinuz.tmp" "$OUTDIR/vmlinuz"
    mv -f "$OUTDIR/initrd.img.tmp" "$OUTDIR/initrd.img"
    mv -f "$OUTDIR/root.ext4.tmp" "$OUTDIR/root.ext4"
    printf '%s\n' "$CACHE_KEY" >"$OUTDIR/VERSION.tmp"
    mv -f "$OUTDIR/VERSION.tmp" "$OUTDIR/VERSION"
    log "built the test guest in $OUTDIR"
}

# Installs the host tools the build uses when they are missing (root only).
ensure_tools() {
    local tool pkg missing=()
    for pair in mke2fs:e2fsprogs cpio:cpio dpkg-deb:dpkg gzip:gzip flock:util-linux apt-get:apt; do
        tool=${pair%%:*}
        pkg=${pair#*:}
        command -v "$tool" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    [[ $(id -u) -eq 0 ]] || die "The build needs these packages, which only root can install: ${missing[*]}."
    log "installing ${missing[*]}"
    apt-get install -y -qq "${missing[@]}" >&2 || { apt-get update -qq >&2 && apt-get install -y -qq "${missing[@]}" >&2; }
}

export PATH=$PATH:/usr/sbin:/sbin
ensure_tools
mkdir -p "$OUTDIR"
exec 9>"$OUTDIR/.build.lock"
flock 9
if is_cached_quick; then
    exit 0
fi
resolve_inputs
if is_cached; then
    touch "$OUTDIR/VERSION"
    exit 0
fi
build
