#!/usr/bin/env bash
# Regenerates jvirt-it/src/test/resources/virtinst/: the domain XML that the real virt-install
# (Debian's virtinst 4.1) writes for the options users really use on x86, and what libvirt
# itself makes of each document. The set is the judge of "bring your own XML": jvirt must
# accept these documents unchanged (VirtInstallXmlTest keeps the score).
#
#   sudo scripts/virtinst-set.sh            # all cases (8 to 12 minutes on 2 busy cores)
#   sudo scripts/virtinst-set.sh win11 pxe  # only the named cases
#
# For every case in the table below (`vi_case NAME ARGS...`) it runs
#   virt-install --connect $LV_URI --print-xml --name NAME --virt-type T ARGS...
# twice: with T chosen by probing this host (KVM works -> kvm, otherwise qemu; the files go to
# virtinst/) and with T=kvm, what users on real hosts get (virtinst/kvm/). Per variant it writes
#   NAME.xml                  the installed boot's document (last step of --print-xml), with a
#                             header comment naming the exact command and the versions
#   NAME.install.xml          the install boot's document, when virt-install prints a different one
#   NAME[.install].libvirt.xml  `virsh dumpxml` after `virsh define` of that document in a private
#                             libvirtd: libvirt's normalized form (defaults and addresses filled in;
#                             only a <genid> libvirt draws at random is replaced)
#   NAME[.install].libvirt-refused.txt  instead, when `virsh define` refuses the document
# Cases that virt-install refuses on this machine are in the table as `vi_refused NAME ARGS...`;
# their exact error is written to virtinst/not-generated.txt.
#
# Nothing outside temporary directories is touched: virt-install talks to a private, namespaced
# libvirtd (bench/libvirt-private.sh) whose pools and networks exist only in it; disks, ISOs and
# the fake install tree live under $VIRTINST_SET_WORK (default /tmp/jvirt-virtinst-set, a fixed
# path so that the paths inside the documents stay the same between regenerations), and
# virt-install's log and cache go there too (HOME and XDG_CACHE_HOME point into it).
#
# Environment: VIRTINST_SET_VIRT_TYPE=qemu|kvm overrides the probe for the top-level set (the
# committed top-level set is qemu: regenerate it on a host where KVM does not work, or say so).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/jvirt-it/src/test/resources/virtinst"
W=${VIRTINST_SET_WORK:-/tmp/jvirt-virtinst-set}
NS=virtinst-set
NORMALIZE="$ROOT/scripts/virtinst-set-normalize.py"

if [[ $(id -u) -ne 0 ]]; then
    echo "virtinst-set: run as root (the private libvirtd needs namespaces and mounts)" >&2; exit 1
fi
if [[ -e "$W" ]]; then
    echo "virtinst-set: $W exists (another run, or a killed one); remove it or set VIRTINST_SET_WORK" >&2; exit 1
fi

# shellcheck source=../bench/libvirt-private.sh
source "$ROOT/bench/libvirt-private.sh"
LV_PACKAGES+=(virtinst osinfo-db ovmf swtpm swtpm-tools xorriso qemu-utils qemu-system-x86 python3)

cleanup() {
    lv_stop
    lv_netns_delete "$NS"
    rm -rf "$W"
}

# ---- host probe --------------------------------------------------------------------------------

# Prints kvm when a guest runs under /dev/kvm with -cpu host, qemu otherwise. With the jvirt test
# guest at hand it boots Linux (a kvm_pvm host runs firmware but hangs a stock kernel); without
# it, SeaBIOS for three seconds, which catches the AMD abort (`failed to set MSR 0x10a`).
probe_virt_type() {
    [[ -c /dev/kvm ]] || { echo qemu; return; }
    local g=${JVIRT_TEST_GUEST:-/var/cache/jvirt/guest} out rc=0
    if [[ -r "$g/vmlinuz" && -r "$g/initrd.img" ]]; then
        out=$(timeout 20 qemu-system-x86_64 -machine pc,accel=kvm -cpu host -nodefaults -display none \
            -no-reboot -m 256 -serial stdio -kernel "$g/vmlinuz" -initrd "$g/initrd.img" \
            -append "console=ttyS0 panic=-1 quiet" 2>&1 < /dev/null | grep -m1 -o JVIRT-GUEST-READY) || true
        if [[ -n "$out" ]]; then echo kvm; else echo qemu; fi
        return
    fi
    timeout 3 qemu-system-x86_64 -machine pc,accel=kvm -cpu host -nodefaults -display none -no-reboot \
        -m 64 -serial none -monitor none < /dev/null > /dev/null 2>&1 || rc=$?
    if (( rc == 124 )); then echo kvm; else echo qemu; fi
}

# ---- inputs: fake media, images, a fake Debian tree ----------------------------------------------

M="$W/media" IMG="$W/img" NEW="$W/new" TREE="$W/tree/debian/dists/bookworm/main/installer-amd64"

make_iso() { # FILE VOLID [PUBLISHER] [DIR]
    local args=(-as mkisofs -quiet -V "$2" -o "$1")
    [[ -n "${3:-}" ]] && args+=(-publisher "$3")
    xorriso "${args[@]}" "${4:-$W/iso-empty}" 2>/dev/null
}

make_inputs() {
    mkdir -p "$M" "$IMG" "$NEW" "$W/iso-empty" "$W/iso-debian/install.amd" "$W/iso-debian/.disk" \
             "$W/share" "$W/boot" "$W/cloud" "$W/log" "$W/home/.cache" "$W/home/.config"
    # Debian 11 netinst: osinfo knows it by volume id; .disk/info and install.amd/ make it usable
    # by --location too.
    echo "Debian GNU/Linux 11.7.0 \"Bullseye\" - Official amd64 NETINST 20230429-11:49" > "$W/iso-debian/.disk/info"
    echo "fake kernel" > "$W/iso-debian/install.amd/vmlinuz"
    echo "fake initrd" | gzip > "$W/iso-debian/install.amd/initrd.gz"
    make_iso "$M/debian-11.7.0-amd64-netinst.iso" "Debian 11.7.0 amd64 n" "" "$W/iso-debian"
    make_iso "$M/ubuntu-22.04.3-live-server-amd64.iso" "Ubuntu-Server 22.04.3 LTS amd64"
    make_iso "$M/Win10_22H2_Enterprise_x64.iso" "CENA_X64FREV_EN-US_DV5" "MICROSOFT CORPORATION"
    make_iso "$M/Win11_23H2_English_x64.iso" "CCCOMA_X64FRE_EN-US_DV9" "MICROSOFT CORPORATION"
    make_iso "$M/virtio-win.iso" "virtio-win-0.1.240"
    make_iso "$M/debian-12.5.0-amd64-netinst.iso" "Debian 12.5.0 amd64 n"   # unknown to Debian 12's osinfo-db
    make_iso "$M/data.iso" "DATA"
    # A Debian installer tree, found by current/images/MANIFEST under installer-amd64.
    mkdir -p "$TREE/current/images/netboot/debian-installer/amd64"
    echo "Debian installer netboot images" > "$TREE/current/images/MANIFEST"
    echo "fake kernel" > "$TREE/current/images/netboot/debian-installer/amd64/linux"
    echo "fake initrd" | gzip > "$TREE/current/images/netboot/debian-installer/amd64/initrd.gz"
    echo "fake kernel" > "$W/boot/vmlinuz"
    echo "fake initrd" | gzip > "$W/boot/initrd.img"
    local i
    for i in debian12 debian12-b ubuntu win11 data base; do
        qemu-img create -q -f qcow2 "$IMG/$i.qcow2" 1G
    done
    qemu-img create -q -f raw "$IMG/raw.img" 64M
    qemu-img create -q -f raw "$IMG/floppy.img" 1440K
    printf '#cloud-config\nhostname: web1\nusers:\n  - name: alice\n    ssh_authorized_keys:\n      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTheTestSetOnly alice@example\n' > "$W/cloud/user-data"
    printf 'instance-id: web1\nlocal-hostname: web1\n' > "$W/cloud/meta-data"
    echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTheTestSetOnly alice@example" > "$W/cloud/id.pub"
    echo "not-a-secret" > "$W/password"
    echo "hello from the host" > "$W/share/README"
}

# Pools and networks exist in the private libvirtd only.
define_private_objects() {
    mkdir -p "$LV_DIR/var/lib/libvirt/images" "$LV_DIR/var/lib/libvirt/boot"
    cat > "$W/net-default.xml" <<'EOF'
<network>
  <name>default</name>
  <forward mode='nat'/>
  <bridge name='virbr0' stp='on' delay='0'/>
  <ip address='192.168.122.1' netmask='255.255.255.0'>
    <dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp>
  </ip>
</network>
EOF
    lv_virsh net-define "$W/net-default.xml" > /dev/null
    lv_virsh pool-define-as default dir --target /var/lib/libvirt/images > /dev/null
    lv_virsh pool-start default > /dev/null
    # an existing volume for --disk vol=default/...
    lv_virsh vol-create-as default existing.qcow2 1G --format qcow2 > /dev/null
}

# Removes what a case created (new images, default-pool volumes other than the existing one), so
# that the next variant of the same case sees the same state and gets the same names.
reset_created() {
    rm -rf "${NEW:?}"/*
    local v
    lv_virsh pool-refresh default > /dev/null
    for v in $(lv_virsh vol-list default | awk '{print $1}'); do
        [[ "$v" == existing.qcow2 ]] || lv_virsh vol-delete --pool default "$v" > /dev/null
    done
}

# ---- running one case ------------------------------------------------------------------------

FAILED=() REFUSED_OK=() UNEXPECTED_OK=() SELECTED=() GENERATED=0
VERSIONS=""

selected() { # NAME
    (( ${#SELECTED[@]} == 0 )) && return 0
    local s
    for s in "${SELECTED[@]}"; do [[ "$s" == "$1" ]] && return 0; done
    return 1
}

run_virt_install() { # OUTFILE ERRFILE ARGFILE ARGS...
    local out=$1 err=$2 argfile=$3; shift 3
    local argv=(virt-install "$@")
    printf '%s\0' "${argv[@]}" > "$argfile"
    HOME="$W/home" XDG_CACHE_HOME="$W/home/.cache" XDG_CONFIG_HOME="$W/home/.config" \
        "${argv[@]}" > "$out" 2> "$err" < /dev/null
}

# Defines DOC (a file in DIR) in the private libvirtd and stores libvirt's view beside it.
libvirt_view() { # DIR DOC NAME
    local dir=$1 doc=$2 name=$3 base=${2%.xml} err
    rm -f "$dir/$base.libvirt.xml" "$dir/$base.libvirt-refused.txt"
    if err=$(lv_virsh define "$dir/$doc" 2>&1 > /dev/null); then
        lv_virsh dumpxml "$name" | python3 "$NORMALIZE" --libvirt "$name" > "$dir/$base.libvirt.xml"
        lv_virsh undefine --nvram "$name" > /dev/null 2>&1 || lv_virsh undefine "$name" > /dev/null
    else
        printf '%s\n' "$err" | sed -e '/^$/d' -e "s|$dir/||" > "$dir/$base.libvirt-refused.txt"
    fi
}

generate_variant() { # NAME DIR VARIANT TYPE-ARGS... -- ARGS...
    local name=$1 dir=$2 variant=$3; shift 3
    local typeargs=()
    while [[ "$1" != -- ]]; do typeargs+=("$1"); shift; done
    shift
    mkdir -p "$dir"
    rm -f "$dir/$name".*
    reset_created
    local out="$W/out" err="$W/err" argfile="$W/argv"
    if ! run_virt_install "$out" "$err" "$argfile" --connect "$LV_URI" --print-xml --name "$name" \
            "${typeargs[@]}" "$@"; then
        return 1
    fi
    local f
    for f in $(python3 "$NORMALIZE" "$name" "$dir" "$variant" "$VERSIONS" "$argfile" < "$out"); do
        libvirt_view "$dir" "$f" "$name"
    done
    GENERATED=$((GENERATED + 1))
}

vi_case() { # NAME ARGS...
    local name=$1; shift
    selected "$name" || return 0
    echo "virtinst-set: $name" >&2
    if ! generate_variant "$name" "$OUT" "$TOP_VARIANT" "${TOP_TYPE_ARGS[@]}" -- "$@"; then
        FAILED+=("$name: $(grep -m1 ERROR "$W/err" || tail -n1 "$W/err")"); return 0
    fi
    if ! generate_variant "$name" "$OUT/kvm" kvm --virt-type kvm -- "$@"; then
        FAILED+=("kvm/$name: $(grep -m1 ERROR "$W/err" || tail -n1 "$W/err")")
    fi
}

# A case virt-install refuses here; its error goes to not-generated.txt.
vi_refused() { # NAME WHY ARGS...
    local name=$1 why=$2; shift 2
    selected "$name" || return 0
    echo "virtinst-set: $name (expected to be refused)" >&2
    local out="$W/out" err="$W/err" argfile="$W/argv"
    reset_created
    if run_virt_install "$out" "$err" "$argfile" --connect "$LV_URI" --print-xml --name "$name" \
            "${TOP_TYPE_ARGS[@]}" "$@"; then
        UNEXPECTED_OK+=("$name"); return 0
    fi
    local cmd
    cmd=$(tr '\0' ' ' < "$argfile")
    REFUSED_OK+=("$name")
    {
        echo "## $name"
        echo "why: $why"
        echo "command: ${cmd% }"
        sed 's/^/error: /' "$err" | grep -v '^error: $'
        echo
    } >> "$W/not-generated.txt"
}

# ---- the table -------------------------------------------------------------------------------

cases() {
    local tree="$TREE" d="$IMG/debian12.qcow2" d2="$IMG/debian12-b.qcow2" min=(--memory 1024 --osinfo debian11)

    # installs from media (the OS is detected from the ISO's volume id where osinfo knows it)
    vi_case debian11-cdrom --memory 2048 --vcpus 2 --cdrom "$M/debian-11.7.0-amd64-netinst.iso" --disk size=8
    vi_case ubuntu2204-cdrom --memory 4096 --vcpus 4 --cdrom "$M/ubuntu-22.04.3-live-server-amd64.iso" \
        --disk size=20 --graphics vnc
    vi_case debian12-plain-iso --memory 2048 --vcpus 2 --osinfo linux2020 \
        --cdrom "$M/debian-12.5.0-amd64-netinst.iso" --disk path="$NEW/debian12.qcow2",size=10
    vi_case win10 --memory 4096 --vcpus 2 --cdrom "$M/Win10_22H2_Enterprise_x64.iso" \
        --disk size=64,bus=sata --disk "$M/virtio-win.iso",device=cdrom --boot uefi \
        --tpm emulator,model=tpm-crb,version=2.0 --network network=default,model=e1000e
    vi_case win11 --memory 4096 --vcpus 4 --cdrom "$M/Win11_23H2_English_x64.iso" --disk size=64
    vi_case win11-virtio --memory 8192 --vcpus 4,sockets=1,cores=2,threads=2 --osinfo win11 \
        --cdrom "$M/Win11_23H2_English_x64.iso" --disk path="$NEW/win11.qcow2",size=64,bus=virtio \
        --disk "$M/virtio-win.iso",device=cdrom,bus=sata --network network=default,model=virtio \
        --features hyperv.synic.state=on,hyperv.reset.state=on
    vi_case location-debian --memory 1024 --osinfo debian11 --location "$tree" --disk size=8 \
        --graphics none --extra-args "console=ttyS0,115200n8 priority=low"
    vi_case location-iso --memory 1024 --location "$M/debian-11.7.0-amd64-netinst.iso" --disk size=8 \
        --extra-args "console=ttyS0"
    vi_case unattended-debian --memory 2048 --osinfo debian11 --location "$tree" --disk size=8 \
        --unattended profile=desktop,user-login=alice,user-password-file="$W/password",admin-password-file="$W/password"
    vi_case install-kernel --memory 1024 --osinfo linux2020 --disk size=4 \
        --install kernel="$W/boot/vmlinuz",initrd="$W/boot/initrd.img",kernel_args="console=ttyS0 auto=true"
    vi_case pxe --memory 1024 --osinfo debian11 --pxe --network network=default --disk size=8
    vi_case import --memory 2048 --vcpus 2 --osinfo debian11 --import --disk "$d"
    vi_case import-minimal --memory 512 --osinfo linux2020 --import --disk none --graphics none \
        --network none --sound none --video none --memballoon none --rng none --controller usb,model=none \
        --input none --channel none --console none
    vi_case boot-kernel --memory 1024 --osinfo linux2020 --import --disk "$d" --graphics none \
        --boot kernel="$W/boot/vmlinuz",initrd="$W/boot/initrd.img",kernel_args="console=ttyS0 root=/dev/vda1 ro"
    vi_case cloud-init --memory 1024 --osinfo debian11 --import --disk "$d" --graphics none \
        --cloud-init user-data="$W/cloud/user-data",meta-data="$W/cloud/meta-data"
    vi_case cloud-init-ssh-key --memory 1024 --osinfo debian11 --import --disk "$d" --graphics none \
        --cloud-init root-ssh-key="$W/cloud/id.pub",disable=on
    vi_case cloud-init-sysinfo --memory 1024 --osinfo debian11 --import --disk "$d" --graphics none \
        --sysinfo system.manufacturer=Acme --cloud-init user-data="$W/cloud/user-data",meta-data="$W/cloud/meta-data"

    # firmware and boot
    vi_case uefi "${min[@]}" --import --disk "$d" --boot uefi
    vi_case uefi-secureboot "${min[@]}" --import --disk "$d" \
        --boot uefi,firmware.feature0.name=secure-boot,firmware.feature0.enabled=yes,firmware.feature1.name=enrolled-keys,firmware.feature1.enabled=yes
    vi_case uefi-no-secureboot "${min[@]}" --import --disk "$d" \
        --boot uefi,firmware.feature0.name=secure-boot,firmware.feature0.enabled=no
    vi_case uefi-loader "${min[@]}" --import --disk "$d" --features smm.state=on \
        --boot loader=/usr/share/OVMF/OVMF_CODE_4M.ms.fd,loader.readonly=yes,loader.type=pflash,loader.secure=yes,nvram.template=/usr/share/OVMF/OVMF_VARS_4M.ms.fd
    vi_case uefi-pc "${min[@]}" --machine pc --import --disk "$d" --boot uefi
    vi_case boot-order "${min[@]}" --import --disk "$d" --disk "$M/data.iso",device=cdrom \
        --network network=default --boot hd,cdrom,network,menu=on,useserial=on,bios.rebootTimeout=5000

    # machine types
    vi_case machine-pc "${min[@]}" --machine pc --import --disk "$d" --disk "$M/data.iso",device=cdrom
    vi_case machine-q35-versioned "${min[@]}" --machine pc-q35-7.2 --import --disk "$d"
    vi_case machine-pc-i440fx-versioned "${min[@]}" --machine pc-i440fx-5.2 --import --disk "$d"
    vi_case arch-i686 --memory 1024 --osinfo debian11 --arch i686 --machine pc --import --disk "$d"

    # disks
    vi_case disk-virtio-scsi "${min[@]}" --import --controller type=scsi,model=virtio-scsi,driver.queues=4 \
        --disk "$d",bus=scsi --disk "$d2",bus=scsi,serial=DATA-0001 --disk "$M/data.iso",device=cdrom,bus=scsi
    vi_case disk-buses-q35 "${min[@]}" --import --disk "$d",bus=virtio --disk "$d2",bus=sata \
        --disk "$IMG/raw.img",bus=usb,removable=on --disk "$M/data.iso",device=cdrom,bus=sata
    vi_case disk-buses-pc "${min[@]}" --machine pc --import --disk "$d",bus=ide --disk "$d2",bus=sata \
        --disk "$IMG/raw.img",bus=virtio --disk "$M/data.iso",device=cdrom,bus=ide \
        --disk "$IMG/floppy.img",device=floppy
    vi_case disk-options "${min[@]}" --import --iothreads 2 \
        --disk "$d",format=qcow2,cache=none,io=native,discard=unmap,detect_zeroes=unmap,driver.iothread=1,serial=WD-0123456789,boot.order=1 \
        --disk "$d2",cache=writeback,io=threads,driver.queues=4,driver.error_policy=stop,readonly=on \
        --disk "$IMG/raw.img",format=raw,cache=directsync,shareable=on,driver.iothread=2,target.dev=vdz
    vi_case disk-cdrom-empty "${min[@]}" --import --disk "$d" --disk device=cdrom --disk device=cdrom,bus=sata
    vi_case disk-new-images --memory 1024 --osinfo debian11 --import \
        --disk path="$NEW/raw.img",size=2,format=raw,sparse=yes \
        --disk path="$NEW/overlay.qcow2",size=4,backing_store="$IMG/base.qcow2" \
        --disk pool=default,size=2 --disk vol=default/existing.qcow2
    vi_case disk-network "${min[@]}" --import --disk "$d" \
        --disk source.protocol=nbd,source.host0.name=nbd.example.org,source.host0.port=10809,source.name=export1,bus=virtio \
        --disk device=cdrom,source.protocol=https,source.name=/images/netinst.iso,source.host0.name=cdimage.example.org,source.host0.port=443

    # shared directories
    vi_case filesystem-virtiofs "${min[@]}" --import --disk "$d" \
        --filesystem source="$W/share",target=hostshare,driver.type=virtiofs \
        --memorybacking source.type=memfd,access.mode=shared
    vi_case filesystem-9p "${min[@]}" --import --disk "$d" --filesystem "$W/share",hostshare \
        --filesystem type=mount,accessmode=passthrough,source.dir="$W/log",target.dir=logs,readonly=on
    vi_case filesystem-options "${min[@]}" --import --disk "$d" \
        --filesystem "$W/share",hostshare,readonly=on,driver.type=path,fmode=0644,dmode=0755 \
        --filesystem source="$W/log",target=logs,accessmode=squash,multidevs=remap

    # TPM
    vi_case tpm-crb "${min[@]}" --import --disk "$d" --tpm emulator,model=tpm-crb,version=2.0
    vi_case tpm-tis "${min[@]}" --import --disk "$d" --tpm type=emulator,model=tpm-tis,version=2.0

    # graphics, video, sound
    vi_case graphics-vnc "${min[@]}" --import --disk "$d" \
        --graphics vnc,listen=0.0.0.0,port=5905,password=s3cret00,keymap=de
    vi_case graphics-vnc-socket "${min[@]}" --import --disk "$d" --graphics vnc,listen=socket --video vga
    vi_case graphics-spice "${min[@]}" --import --disk "$d" --graphics spice,listen=127.0.0.1,port=5930 \
        --video qxl,ram=65536,vram=65536,vgamem=16384,heads=1 --channel spicevmc
    vi_case graphics-spice-gl "${min[@]}" --import --disk "$d" --graphics spice,gl.enable=yes,listen=none \
        --video virtio,accel3d=yes
    vi_case graphics-none "${min[@]}" --import --disk "$d" --graphics none --console pty,target.type=serial
    vi_case graphics-vnc-and-spice "${min[@]}" --import --disk "$d" --graphics vnc --graphics spice
    vi_case video-vga "${min[@]}" --import --disk "$d" --graphics vnc --video vga
    vi_case video-bochs "${min[@]}" --import --disk "$d" --graphics vnc --video bochs,vram=32768
    vi_case video-cirrus-pc "${min[@]}" --machine pc --import --disk "$d" --graphics vnc --video cirrus
    vi_case video-virtio-heads "${min[@]}" --import --disk "$d" --graphics vnc --video virtio,heads=2
    vi_case video-ramfb "${min[@]}" --import --disk "$d" --graphics vnc --video ramfb
    vi_case sound-ich6 "${min[@]}" --import --disk "$d" --sound ich6
    vi_case sound-ac97-pc "${min[@]}" --machine pc --import --disk "$d" --sound ac97
    vi_case sound-usb "${min[@]}" --import --disk "$d" --sound usb
    vi_case sound-audio-backend "${min[@]}" --import --disk "$d" --graphics vnc --sound ich9,audio.id=1 \
        --audio id=1,type=none

    # character devices and channels
    vi_case channels "${min[@]}" --import --disk "$d" \
        --channel unix,target.type=virtio,name=org.qemu.guest_agent.0 --channel spicevmc \
        --channel pty,target.type=virtio,name=org.example.pty \
        --channel qemu-vdagent,target.type=virtio,source.clipboard.copypaste=on,source.mouse.mode=client
    vi_case channel-guestfwd "${min[@]}" --import --disk "$d" --network user \
        --channel tcp,mode=connect,host=127.0.0.1:4600,target.type=guestfwd,target.address=10.0.2.1,target.port=4600
    vi_case serial-console "${min[@]}" --import --disk "$d" --graphics none --serial pty \
        --serial file,path="$W/log/serial1.log" --serial tcp,host=127.0.0.1:4555,mode=bind,protocol.type=telnet \
        --serial unix,path="$W/log/serial3.sock",mode=bind --console pty,target.type=virtio
    vi_case parallel "${min[@]}" --machine pc --import --disk "$d" --parallel file,path="$W/log/lpt.log"

    # other devices
    vi_case rng "${min[@]}" --import --disk "$d" --rng /dev/random
    vi_case rng-builtin "${min[@]}" --import --disk "$d" --rng builtin,rate.bytes=1024,rate.period=1000
    vi_case rng-egd "${min[@]}" --import --disk "$d" \
        --rng egd,backend.type=tcp,backend.source.mode=connect,backend.source.host=127.0.0.1,backend.source.service=8000
    vi_case watchdog "${min[@]}" --import --disk "$d" --watchdog i6300esb,action=poweroff
    vi_case watchdog-itco "${min[@]}" --import --disk "$d" --watchdog itco,action=reset
    vi_case memballoon "${min[@]}" --import --disk "$d" \
        --memballoon virtio,autodeflate=on,stats.period=10,freePageReporting=on
    vi_case controller-usb3 "${min[@]}" --import --disk "$d" --controller usb3
    vi_case controller-qemu-xhci "${min[@]}" --import --disk "$d" --controller type=usb,model=qemu-xhci,index=0
    vi_case controller-usb2 "${min[@]}" --import --disk "$d" --controller usb2
    vi_case controller-ich9-ehci1 "${min[@]}" --import --disk "$d" --controller type=usb,model=ich9-ehci1 \
        --controller type=usb,model=ich9-uhci1,master.startport=0
    vi_case controller-virtio-serial "${min[@]}" --import --disk "$d" --controller type=virtio-serial,vectors=4
    vi_case controller-pci "${min[@]}" --import --disk "$d" --controller type=pci,index=20,model=pcie-root-port \
        --controller type=pci,index=21,model=pcie-to-pci-bridge
    vi_case input "${min[@]}" --import --disk "$d" --input tablet,bus=virtio --input keyboard,bus=virtio \
        --input mouse,bus=virtio
    vi_case input-usb-ps2 "${min[@]}" --machine pc --import --disk "$d" --input keyboard,bus=usb \
        --input mouse,bus=ps2 --input tablet,bus=usb
    vi_case hostdev-pci "${min[@]}" --import --disk "$d" --hostdev 0000:00:00.0 \
        --hostdev pci_0000_00_01_0,address.type=pci,address.bus=0x03,address.slot=0x00,rom.bar=off
    vi_case hostdev-pci-forms "${min[@]}" --import --disk "$d" --hostdev 00:02.0,driver.name=vfio \
        --hostdev pci_0000_00_03_0,boot.order=1
    vi_case redirdev "${min[@]}" --import --disk "$d" --redirdev usb,type=spicevmc \
        --redirdev usb,type=tcp,server=localhost:4000
    vi_case smartcard "${min[@]}" --import --disk "$d" --smartcard passthrough,type=spicevmc
    vi_case smartcard-host "${min[@]}" --import --disk "$d" --smartcard host
    vi_case panic "${min[@]}" --import --disk "$d" --panic isa,iobase=0x505
    vi_case panic-hyperv --memory 4096 --osinfo win11 --import --disk "$d" --panic hyperv
    vi_case vsock "${min[@]}" --import --disk "$d" --vsock cid.auto=no,cid.address=42
    vi_case iommu-intel "${min[@]}" --import --disk "$d" --features ioapic.driver=qemu \
        --iommu model=intel,driver.intremap=on,driver.caching_mode=on,driver.iotlb=on
    vi_case iommu-virtio "${min[@]}" --import --disk "$d" --iommu model=virtio
    vi_case shmem "${min[@]}" --import --disk "$d" --shmem name=ivshmem0,model.type=ivshmem-plain,size=8,size.unit=M

    # network
    vi_case net-default "${min[@]}" --import --disk "$d" --network network=default,model=virtio
    vi_case net-bridge "${min[@]}" --import --disk "$d" --network bridge=br0,model=e1000e,mac=52:54:00:12:34:56
    vi_case net-user "${min[@]}" --import --disk "$d" --network user
    vi_case net-direct "${min[@]}" --import --disk "$d" --network type=direct,source=eth0,source.mode=bridge,model=virtio
    vi_case net-multi "${min[@]}" --import --disk "$d" --network network=default --network bridge=br0,model=e1000 \
        --network user,model=rtl8139
    vi_case net-options "${min[@]}" --import --disk "$d" \
        --network network=default,model=virtio,driver.name=vhost,driver.queues=4,mtu.size=9000,link.state=down,boot.order=2,rom.bar=off,filterref.filter=clean-traffic,trustGuestRxFilters=yes
    vi_case net-vhostuser "${min[@]}" --import --disk "$d" --memorybacking access.mode=shared,source.type=memfd \
        --network vhostuser,source.type=unix,source.path="$W/log/vhost-user.sock",source.mode=client,model=virtio
    vi_case net-none "${min[@]}" --import --disk "$d" --network none

    # CPU, memory, NUMA, tuning
    vi_case vcpus-topology --memory 2048 --osinfo debian11 --import --disk "$d" \
        --vcpus 4,maxvcpus=8,sockets=2,dies=1,cores=2,threads=2,cpuset=0-1 \
        --cputune vcpupin0.vcpu=0,vcpupin0.cpuset=0,vcpupin1.vcpu=1,vcpupin1.cpuset=1,emulatorpin.cpuset=0-1
    vi_case vcpus-placement-auto "${min[@]}" --import --disk "$d" --vcpus 2,placement=auto
    vi_case cpu-host-passthrough "${min[@]}" --import --disk "$d" --cpu host-passthrough,cache.mode=passthrough,check=none,migratable=on
    vi_case cpu-host-model "${min[@]}" --import --disk "$d" --cpu host-model
    vi_case cpu-custom "${min[@]}" --import --disk "$d" --cpu EPYC,+svm,-x2apic,require=pcid,disable=monitor,match=exact,check=partial
    vi_case cpu-numa --memory 2048 --vcpus 4 --osinfo debian11 --import --disk "$d" \
        --cpu host-model,cell0.memory=1048576,cell0.cpus=0-1,cell1.memory=1048576,cell1.cpus=2-3 \
        --numatune memory.mode=strict,memory.nodeset=0,memnode0.cellid=0,memnode0.mode=strict,memnode0.nodeset=0
    vi_case numatune "${min[@]}" --import --disk "$d" --numatune 0,mode=preferred
    vi_case memorybacking-hugepages "${min[@]}" --import --disk "$d" --memorybacking hugepages=on
    vi_case memorybacking-hugepages-2m "${min[@]}" --import --disk "$d" \
        --memorybacking hugepages.page0.size=2,hugepages.page0.unit=M,nosharepages=on,locked=on \
        --memtune hard_limit=2097152
    vi_case memorybacking-memfd-shared "${min[@]}" --import --disk "$d" --memorybacking source.type=memfd,access.mode=shared
    vi_case memory-current --memory memory=2048,currentMemory=1024 --osinfo debian11 --import --disk "$d"
    vi_case memory-hotplug --memory 2048,maxMemory=8192,maxMemory.slots=16 --vcpus 2 --osinfo debian11 --import \
        --disk "$d" --cpu host-model,cell0.memory=2097152,cell0.cpus=0-1 --memdev dimm,target.size=1024,target.node=0
    vi_case iothreads "${min[@]}" --import --iothreads iothreads=2,iothreadids.iothread0.id=1,iothreadids.iothread1.id=2 \
        --disk "$d",driver.iothread=1 --disk "$d2",driver.iothread=2
    vi_case tuning "${min[@]}" --import --disk "$d" --memtune hard_limit=4194304,soft_limit=2097152 \
        --blkiotune weight=500 --cputune shares=2048
    vi_case features "${min[@]}" --import --disk "$d" \
        --features kvm.hidden.state=on,hyperv.relaxed.state=on,hyperv.vapic.state=on,hyperv.spinlocks.state=on,hyperv.spinlocks.retries=8191,vmport.state=off,pmu.state=off,smm.state=on
    vi_case clock "${min[@]}" --import --disk "$d" --clock offset=localtime,hpet_present=yes,rtc_tickpolicy=catchup,kvmclock_present=no
    vi_case pm "${min[@]}" --import --disk "$d" --pm suspend_to_mem.enabled=on,suspend_to_disk.enabled=on

    # identity, lifecycle, extras
    vi_case sysinfo "${min[@]}" --import --disk "$d" \
        --sysinfo bios.vendor=Acme,bios.version=1.2,system.manufacturer=Acme,system.product=Box,system.version=2,system.serial=SN-0001,baseBoard.manufacturer=Acme,chassis.manufacturer=Acme,oemStrings.entry0=io.jvirt:test
    vi_case sysinfo-host "${min[@]}" --import --disk "$d" --sysinfo host
    vi_case sysinfo-emulate "${min[@]}" --import --disk "$d" --sysinfo emulate
    vi_case sysinfo-fwcfg "${min[@]}" --import --disk "$d" \
        --sysinfo type=fwcfg,entry0.name=opt/com.example/greeting,entry0=hello,entry1.name=opt/com.example/readme,entry1.file="$W/share/README" \
        --sysinfo system.manufacturer=Acme --sysinfo system.family=Boxes
    vi_case events "${min[@]}" --import --disk "$d" \
        --events on_poweroff=destroy,on_reboot=restart,on_crash=coredump-restart,on_lockfailure=poweroff
    vi_case metadata "${min[@]}" --import --disk "$d" --metadata title="Web server 1",description="Front end; owner: ops",genid_enable=yes
    vi_case resource "${min[@]}" --import --disk "$d" --resource partition=/machine
    vi_case seclabel "${min[@]}" --import --disk "$d" --seclabel type=none
    vi_case qemu-commandline "${min[@]}" --import --disk "$d" \
        --qemu-commandline="-device isa-debugcon,iobase=0x402,chardev=dbg -chardev file,id=dbg,path=$W/log/debugcon.log" \
        --qemu-commandline env=JVIRT_TEST=1
    vi_case qemu-commandline-quoted "${min[@]}" --import --disk "$d" \
        --qemu-commandline="-fw_cfg name=opt/com.example/x,string='a b'" --qemu-commandline env=JVIRT_A=b=c
    vi_case xml-xpath "${min[@]}" --import --disk "$d" --xml ./on_crash=restart --xml xpath.delete=./devices/rng
    vi_case launch-security-sev "${min[@]}" --machine q35 --boot uefi --import --disk "$d" --launchSecurity sev,policy=0x07

    # refused by virt-install here (see not-generated.txt for the exact error)
    vi_refused hostdev-pci-absent "virt-install looks --hostdev up among the host's node devices; an address the host lacks is refused" \
        "${min[@]}" --import --disk "$d" --hostdev 0000:03:00.0
    vi_refused hostdev-usb "this host has no USB devices, and virt-install looks --hostdev up among the host's node devices" \
        "${min[@]}" --import --disk "$d" --hostdev 046d:c52b
    vi_refused net-passt "virtinst 4.1 has no passt backend options (libvirt 9.0 has <backend type='passt'>)" \
        "${min[@]}" --import --disk "$d" --network user,backend.type=passt,portForward0.proto=tcp
    vi_refused controller-usb-ports "virtinst 4.1's --controller has no ports= option (it writes ports='15' itself)" \
        "${min[@]}" --import --disk "$d" --controller type=usb,model=qemu-xhci,ports=8
    vi_refused features-hyperv-stimer "virtinst 4.1 knows only relaxed, vapic, spinlocks, synic and reset of the Hyper-V features" \
        "${min[@]}" --import --disk "$d" --features hyperv.stimer.state=on,hyperv.frequencies.state=on
    vi_refused disk-rerror-policy "virtinst 4.1's --disk has error_policy but no rerror_policy" \
        "${min[@]}" --import --disk "$d",driver.rerror_policy=report
}

main() {
    SELECTED=("$@")
    lv_install_packages
    trap cleanup EXIT
    mkdir -p "$W"
    make_inputs
    PROBED=$(probe_virt_type)
    TOP_VARIANT=${VIRTINST_SET_VIRT_TYPE:-$PROBED}
    TOP_TYPE_ARGS=(--virt-type "$TOP_VARIANT")
    echo "virtinst-set: KVM probe says $PROBED; the top-level set uses --virt-type $TOP_VARIANT" >&2
    v() { dpkg-query -W -f='${Version}' "$1"; }
    VERSIONS="virt-install $(HOME="$W/home" XDG_CACHE_HOME="$W/home/.cache" virt-install --version) (virtinst $(v virtinst)), osinfo-db $(v osinfo-db), libvirt $(v libvirt-daemon), QEMU $(v qemu-system-x86)"
    lv_netns_create "$NS"
    lv_start "$NS" "$W/libvirt"
    define_private_objects
    : > "$W/not-generated.txt"
    if (( ${#SELECTED[@]} == 0 )); then   # a full run starts from an empty set: no stale cases
        rm -rf "${OUT:?}/kvm"
        find "$OUT" -maxdepth 1 -type f \( -name '*.xml' -o -name '*.libvirt-refused.txt' \) -delete
    fi
    cases
    if (( ${#SELECTED[@]} == 0 )); then
        {
            echo "# Options virt-install refuses on the machine that generated this set (scripts/virtinst-set.sh)."
            echo "# $VERSIONS"
            echo
            cat "$W/not-generated.txt"
        } > "$OUT/not-generated.txt"
    fi
    echo "virtinst-set: generated $GENERATED case variants; refused as expected: ${#REFUSED_OK[@]}" >&2
    local f rc=0
    for f in "${UNEXPECTED_OK[@]}"; do echo "virtinst-set: $f was expected to be refused but virt-install accepted it; move it to vi_case" >&2; rc=1; done
    for f in "${FAILED[@]}"; do echo "virtinst-set: FAILED $f" >&2; rc=1; done
    return $rc
}

main "$@"
