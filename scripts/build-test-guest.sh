#!/bin/bash
# Builds the jvirt busybox test guest from Debian packages.
#
# Usage: scripts/build-test-guest.sh OUTDIR [cloud|generic|devices|agent]
#
# The kernel flavour is Debian's cloud kernel by default (small, fast to boot); 'generic' takes
# the standard kernel, which has the 9p modules the cloud kernel lacks (the shared-folder test).
# 'devices' takes the standard kernel too and adds the drivers of every device QEMU emulates for
# x86 (AHCI, e1000, HD Audio, QXL, USB...) to the initramfs, loaded at boot only for the devices
# the guest has (VirtInstallStartIT boots virt-install's hardware with it).
# 'agent' is the cloud guest plus Debian's QEMU guest agent (qemu-ga, with the shared libraries
# it links and the dynamic loader), started by the init when the org.qemu.guest_agent.0 port
# exists (AgentIT talks to it).
#
# Outputs (see scripts/README-test-guest.md):
#   OUTDIR/vmlinuz     Debian 12 cloud (or standard) kernel
#   OUTDIR/initrd.img  busybox initramfs with the virtio/button/evdev modules (and the device drivers)
#   OUTDIR/root.ext4   ext4 root disk (busybox + init) for root=/dev/vda
#   OUTDIR/VERSION     cache key: package versions and this script's hash
#
# A second run with the same OUTDIR and the same inputs does nothing. Needs root only for
# apt-get (downloads); nothing is installed on the host and nothing is mounted.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 || "$1" == -* ]]; then
    echo "Usage: $0 OUTDIR [cloud|generic|devices|agent]" >&2
    exit 2
fi
OUTDIR=$1
FLAVOUR=${2:-cloud}
case "$FLAVOUR" in
    cloud|agent) KERNEL_META=linux-image-cloud-amd64; KERNEL_SUFFIX=-cloud-amd64 ;;
    generic|devices) KERNEL_META=linux-image-amd64; KERNEL_SUFFIX=-amd64 ;;
    *) echo "Usage: $0 OUTDIR [cloud|generic|devices|agent]" >&2; exit 2 ;;
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
# The devices flavour's drivers for what QEMU emulates on x86 (with their dependencies). They go
# into the initramfs's /lib/modules/VERSION with depmod's modules.dep and modules.alias, and the
# init loads the ones whose devices are present (coldplug), so a guest pays only for its own.
DEVICE_MODULES=(ahci ata_piix sd_mod sr_mod virtio_scsi usb_storage floppy nvme
    e1000 e1000e 8139cp 8139too
    snd_hda_intel snd_hda_codec_generic snd_intel8x0 snd_usb_audio
    bochs qxl virtio_gpu cirrus
    xhci_pci ehci_pci uhci_hcd usbhid hid_generic virtio_input
    i6300esb iTCO_wdt lpc_ich pvpanic pvpanic_pci parport_pc
    fuse virtiofs 9pnet_virtio 9p vmw_vsock_virtio_transport virtio_mem)

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
    CACHE_KEY=$(printf 'kernel=%s %s\nbusybox=%s %s\nflavour=%s\nscript=%s\n' \
        "$KERNEL_PKG" "$KERNEL_VERSION" "$BUSYBOX_PKG" "$BUSYBOX_VERSION" "$FLAVOUR" "$SCRIPT_SHA")
    [[ "$FLAVOUR" == agent ]] && agent_resolve_inputs
    return 0
}

outputs_exist() {
    [[ -f "$OUTDIR/VERSION" && -f "$OUTDIR/vmlinuz" && -f "$OUTDIR/initrd.img" && -f "$OUTDIR/root.ext4" ]] \
        && [[ "$FLAVOUR" != devices || -f "$OUTDIR/vmlinux" ]]
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

# jvirt-report: what the guest sees of its hardware, one "JVR KIND ..." line each between
# JVIRT-REPORT-BEGIN and JVIRT-REPORT-END (the init runs it with jvirt.report=1 on the kernel
# command line, before the ready line). jvirt.mount=TYPE:TAG,... (TYPE 9p or virtiofs) mounts
# each shared directory and lists its files.
write_report() {
    cat >"$1" <<'EOF'
#!/bin/sh
base() { b=$(readlink "$1" 2>/dev/null) && echo "${b##*/}" || echo -; }
echo JVIRT-REPORT-BEGIN
for d in /sys/bus/pci/devices/*; do
    [ -e "$d" ] || continue
    echo "JVR pci $(readlink -f "$d") $(cat "$d/vendor") $(cat "$d/device") $(cat "$d/class") $(base "$d/driver")"
done
echo "JVR cpus $(cat /sys/devices/system/cpu/online)"
for c in /sys/devices/system/cpu/cpu[0-9]*; do
    [ -f "$c/topology/physical_package_id" ] || continue
    echo "JVR cpu ${c##*/} $(cat "$c/topology/physical_package_id") $(cat "$c/topology/die_id" 2>/dev/null || echo 0) $(cat "$c/topology/core_id")"
done
echo "JVR cpumodel $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n1)"
echo "JVR mem $(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
for b in /sys/block/*; do
    case "${b##*/}" in '*'|loop*|ram*|zram*) continue ;; esac
    echo "JVR block ${b##*/} $(cat "$b/size") $(cat "$b/removable") $(readlink -f "$b/device")"
done
for n in /sys/class/net/*; do
    [ "${n##*/}" = lo ] && continue
    echo "JVR net ${n##*/} $(cat "$n/address") $(base "$n/device/driver")"
done
for u in /sys/bus/usb/devices/*; do
    [ -f "$u/idVendor" ] || continue
    echo "JVR usb $(cat "$u/idVendor"):$(cat "$u/idProduct") $(cat "$u/product" 2>/dev/null)"
done
for t in /sys/class/tpm/tpm*; do
    [ -e "$t" ] && echo "JVR tpm ${t##*/} $(base "$t/device/driver") $(cat "$t/tpm_version_major" 2>/dev/null)"
done
for p in /sys/class/virtio-ports/*; do
    [ -f "$p/name" ] && echo "JVR vport ${p##*/} $(cat "$p/name")"
done
sed -n 's/^\([0-9]*\): uart:\([^ ]*\) port:\([0-9A-F]*\).*/JVR serial \1 \2 \3/p' /proc/tty/driver/serial 2>/dev/null \
    | grep -v ' unknown '
for p in /proc/sys/dev/parport/parport*; do
    [ -e "$p" ] && echo "JVR parport ${p##*/} $(cat "$p/base-addr" 2>/dev/null)"
done
for w in /sys/class/watchdog/watchdog*; do
    [ -f "$w/identity" ] && echo "JVR watchdog ${w##*/} $(cat "$w/identity")"
done
[ -f /sys/class/misc/hw_random/rng_available ] && echo "JVR rng $(cat /sys/class/misc/hw_random/rng_available)"
for c in /sys/class/drm/card[0-9]; do
    [ -e "$c" ] && echo "JVR drm ${c##*/} $(base "$c/device/driver")"
done
sed -n 's/^ *\([0-9]*\) \[\([^]]*\)\]: \(.*\)/JVR sound \1 \3/p' /proc/asound/cards 2>/dev/null
echo "JVR acpi $(cat /sys/bus/acpi/devices/*/hid 2>/dev/null | sort -u | tr '\n' ' ')"
echo "JVR acpitables $(ls /sys/firmware/acpi/tables 2>/dev/null | tr '\n' ' ')"
for f in sys_vendor product_name product_version product_serial bios_vendor bios_version board_vendor chassis_vendor; do
    [ -f "/sys/class/dmi/id/$f" ] && echo "JVR dmi $f $(cat "/sys/class/dmi/id/$f" 2>/dev/null)"
done
for a in $(cat /proc/cmdline); do
    case "$a" in jvirt.mount=*) ;; *) continue ;; esac
    for m in $(echo "${a#jvirt.mount=}" | tr ',' ' '); do
        type=${m%%:*} tag=${m#*:}
        mkdir -p "/mnt/$tag"
        case "$type" in
            9p) opts=trans=virtio,version=9p2000.L ;;
            *) opts= ;;
        esac
        if mount -t "$type" ${opts:+-o "$opts"} "$tag" "/mnt/$tag" 2>/dev/null; then
            echo "JVR mount $type $tag ok $(ls "/mnt/$tag" | tr '\n' ' ')"
        else
            echo "JVR mount $type $tag failed"
        fi
    done
done
echo JVIRT-REPORT-END
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
    # coldplug (devices flavour): load the driver of each device found, by depmod's aliases, in
    # rounds until nothing new shows up for a second (USB devices appear once their host
    # controller's driver runs, disks once their controller's)
    if [ -f "/lib/modules/$(uname -r)/modules.alias" ]; then
        # drivers the kernel asks for itself while probing (HD Audio's codec driver) come
        # through its modprobe helper, which is /sbin/modprobe unless told otherwise
        echo /bin/modprobe >/proc/sys/kernel/modprobe
        echo - >/tmp/coldplug.tried  # busybox grep -f matches everything with an empty file
        quiet=0 round=0
        while [ $quiet -lt 4 ] && [ $round -lt 60 ]; do
            new=$(cat /sys/bus/*/devices/*/modalias 2>/dev/null | sort -u | grep -vxF -f /tmp/coldplug.tried)
            if [ -n "$new" ]; then
                echo "$new" >>/tmp/coldplug.tried
                modprobe -qa $new
                quiet=0
            else
                quiet=$((quiet + 1))
                sleep 0.25
            fi
            round=$((round + 1))
        done
    fi
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

has_arg jvirt.report=1 && /bin/jvirt-report
# the agent flavour's QEMU guest agent (scripts/build-test-guest.sh, agent_* functions)
[ -x /bin/jvirt-agent-start ] && /bin/jvirt-agent-start

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
    write_report "$root/bin/jvirt-report"
    write_udhcpc_script "$root/usr/share/udhcpc/default.script"
    echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
    echo "root:x:0:" >"$root/etc/group"
    : >"$root/etc/resolv.conf"
    chmod 1777 "$root/tmp"
}

# The devices flavour: DEVICE_MODULES and their dependencies in the initramfs's module tree, with
# depmod's modules.dep and modules.alias, which busybox modprobe reads when the init coldplugs.
add_device_modules() {
    local initrd=$1 kver=$2 m rel tree
    tree=$initrd/lib/modules/$kver
    LOAD_ORDER=()
    for m in "${DEVICE_MODULES[@]}"; do add_module "$m"; done
    log "device drivers (loaded when their device is present): ${LOAD_ORDER[*]}"
    for m in "${LOAD_ORDER[@]}" $(cat "$initrd/lib/modules/jvirt/load-order"); do
        rel=${MODULE_FILES[$m]#"$MODDIR"/}
        mkdir -p "$tree/$(dirname "$rel")"
        cp "${MODULE_FILES[$m]}" "$tree/$rel"
    done
    cp "$MODDIR/modules.builtin" "$MODDIR/modules.builtin.modinfo" "$MODDIR/modules.order" "$tree/"
    depmod -b "$initrd" "$kver"
}

# The uncompressed kernel (an ELF with a PVH entry point, which QEMU's -kernel boots directly)
# out of the standard kernel's xz-compressed bzImage: under TCG the bzImage's own decompressor
# takes 6 to 9 s, as long as the rest of the boot.
extract_vmlinux() { # BZIMAGE OUT
    local off
    off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$1" | head -n1 | cut -d: -f1)
    [[ -n "$off" ]] || die "$1 holds no xz-compressed kernel."
    # xz stops reading after the stream, so tail may die of SIGPIPE; only xz's status counts
    { tail -c "+$((off + 1))" "$1" || true; } | xz -dcq --single-stream >"$2"
    [[ "$(head -c4 "$2" | od -An -tx1 | tr -d ' ')" == 7f454c46 ]] || die "The kernel unpacked from $1 is no ELF file."
    chmod 644 "$2"
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
    if [[ "$FLAVOUR" == devices ]]; then
        add_device_modules "$initrd" "$kver"
    fi
    [[ "$FLAVOUR" == agent ]] && agent_add "$initrd"
    # the devices flavour's initramfs stays uncompressed: under TCG the kernel unpacks its 24 MB
    # of gzip in about 1.2 s, and copies it as it is in about 0.7 s
    local compress=(gzip -9n)
    [[ "$FLAVOUR" == devices ]] && compress=(cat)
    (cd "$initrd" && find . -mindepth 1 | LC_ALL=C sort \
        | cpio --quiet -o -H newc -R 0:0 | "${compress[@]}") >"$WORK/initrd.img"

    local rootfs=$WORK/rootfs
    populate_busybox_tree "$rootfs"
    [[ "$FLAVOUR" == agent ]] && agent_add "$rootfs"
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
    if [[ "$FLAVOUR" == devices ]]; then
        extract_vmlinux "$WORK/kernel/boot/vmlinuz-$kver" "$OUTDIR/vmlinux.tmp"
        mv -f "$OUTDIR/vmlinux.tmp" "$OUTDIR/vmlinux"
    fi
    printf '%s\n' "$CACHE_KEY" >"$OUTDIR/VERSION.tmp"
    mv -f "$OUTDIR/VERSION.tmp" "$OUTDIR/VERSION"
    log "built the test guest in $OUTDIR"
}

# ---- the agent flavour: Debian's qemu-guest-agent in both trees ----------------------------

AGENT_PKG=qemu-guest-agent

# Adds the qemu-guest-agent version to the cache key (one apt-cache call).
agent_resolve_inputs() {
    AGENT_VERSION=$(apt-cache show --no-all-versions "$AGENT_PKG" 2>/dev/null | sed -n 's/^Version: //p' | head -n1)
    [[ -n "$AGENT_VERSION" ]] || die "The apt lists name no downloadable $AGENT_PKG package."
    CACHE_KEY+=$(printf 'agent=%s %s\n' "$AGENT_PKG" "$AGENT_VERSION")
}

# Downloads and unpacks the agent once per build into $WORK/agent.
agent_unpack() {
    [[ -x "$WORK/agent/usr/sbin/qemu-ga" ]] && return 0
    log "downloading $AGENT_PKG $AGENT_VERSION"
    (cd "$WORK/debs" && apt-get download -qq -o APT::Sandbox::User=root "$AGENT_PKG=$AGENT_VERSION" >&2)
    dpkg-deb -x "$WORK"/debs/qemu-guest-agent_*.deb "$WORK/agent"
}

# Copies qemu-ga, the shared libraries ldd lists for it (the host's: both are Debian 12) and
# the dynamic loader into the tree $1, with the helpers qemu-ga runs: /sbin/shutdown
# (guest-shutdown), /sbin/hwclock (guest-set-time) and chpasswd (guest-set-user-password;
# busybox-static has none), an /etc/shadow for it, an /etc/os-release, and the start script.
agent_add() {
    local root=$1 lib
    agent_unpack
    install -D -m 755 "$WORK/agent/usr/sbin/qemu-ga" "$root/usr/sbin/qemu-ga"
    for lib in $(ldd "$WORK/agent/usr/sbin/qemu-ga" | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }'); do
        install -D -m 755 "$(readlink -f "$lib")" "$root/lib/x86_64-linux-gnu/$(basename "$lib")"
    done
    mkdir -p "$root/lib64"
    ln -sf /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"
    [[ -x "$root/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" ]] || die "ldd named no dynamic loader for qemu-ga."
    ln -sf /bin/busybox "$root/sbin/hwclock"
    echo "root:*:19000:0:99999:7:::" >"$root/etc/shadow"
    chmod 600 "$root/etc/shadow"
    printf 'NAME="jvirt test guest"\nID=jvirt\nPRETTY_NAME="jvirt busybox test guest"\nVERSION_ID=1\n' \
        >"$root/etc/os-release"
    agent_write_shutdown "$root/sbin/shutdown"
    agent_write_chpasswd "$root/bin/chpasswd"
    agent_write_start "$root/bin/jvirt-agent-start"
}

# qemu-ga runs '/sbin/shutdown -h -P|-H|-r +0 MESSAGE'; busybox has only poweroff/halt/reboot.
agent_write_shutdown() {
    cat >"$1" <<'EOF'
#!/bin/sh
# shutdown for qemu-ga: -P power off, -H halt, -r reboot (the rest is ignored)
action=poweroff
for a in "$@"; do
    case "$a" in -r) action=reboot ;; -H) action=halt ;; -P) action=poweroff ;; esac
done
echo "JVIRT-GUEST-SHUTDOWN $action" >/dev/console
(sleep 0.2; sync; "$action" -f) >/dev/null 2>&1 &
exit 0
EOF
    chmod 755 "$1"
}

# chpasswd for qemu-ga: reads USER:PASSWORD lines; -e means the password is already crypt(3)ed.
agent_write_chpasswd() {
    cat >"$1" <<'EOF'
#!/bin/sh
encrypted=0
[ "$1" = -e ] && encrypted=1
while IFS= read -r line; do
    user=${line%%:*} pass=${line#*:}
    [ -n "$user" ] && [ "$user" != "$line" ] || { echo "chpasswd: bad line" >&2; exit 1; }
    grep -q "^$user:" /etc/passwd || { echo "chpasswd: unknown user $user" >&2; exit 1; }
    if [ $encrypted = 1 ]; then hash=$pass; else hash=$(mkpasswd -m sha512 "$pass") || exit 1; fi
    grep -q "^$user:" /etc/shadow || echo "$user:*:19000:0:99999:7:::" >>/etc/shadow
    awk -F: -v OFS=: -v u="$user" -v h="$hash" '$1 == u { $2 = h } { print }' /etc/shadow >/etc/shadow.new \
        && chmod 600 /etc/shadow.new && mv -f /etc/shadow.new /etc/shadow || exit 1
done
exit 0
EOF
    chmod 755 "$1"
}

# Started by the init before the ready line: when the host gave the guest the agent's port,
# name it as udev would (/dev/virtio-ports/NAME) and run qemu-ga on it, its state on a tmpfs
# (a frozen root file system must not hold what qemu-ga writes meanwhile).
agent_write_start() {
    cat >"$1" <<'EOF'
#!/bin/sh
port=
for p in /sys/class/virtio-ports/*; do
    [ "$(cat "$p/name" 2>/dev/null)" = org.qemu.guest_agent.0 ] && port=${p##*/}
done
[ -n "$port" ] || exit 0
mkdir -p /dev/virtio-ports /run /var
grep -q " /run " /proc/mounts || mount -t tmpfs -o mode=755 run /run
[ -e /var/run ] || ln -s /run /var/run
ln -sf "../$port" /dev/virtio-ports/org.qemu.guest_agent.0
qemu-ga -m virtio-serial -p /dev/virtio-ports/org.qemu.guest_agent.0 -l /run/qemu-ga.log \
    -t /run >/dev/null 2>&1 </dev/null &
echo "JVIRT-GUEST-AGENT $port"
EOF
    chmod 755 "$1"
}

# Installs the host tools the build uses when they are missing (root only).
ensure_tools() {
    local tool pkg missing=()
    for pair in mke2fs:e2fsprogs cpio:cpio depmod:kmod xz:xz-utils dpkg-deb:dpkg gzip:gzip flock:util-linux apt-get:apt; do
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
