# shellcheck shell=bash
# Sourceable library: a private, system-mode (root, qemu:///system) libvirtd that runs inside a
# network namespace and a mount namespace of its own, so that it neither sees nor changes the
# host's /etc/libvirt, /var/{lib,cache,log}/libvirt, /run, interfaces, routes or firewall.
#
#   source bench/libvirt-private.sh     # sources bench/bench-lib.sh too (now, ms, median, jvirtd_start, ...)
#   lv_install_packages [PKG...]        # apt-get installs what is missing (libvirt, iptables, dnsmasq, ...,
#                                       # and the PKGs named)
#   lv_netns_create NS                  # ip netns add NS + lo up (fails if NS is in use)
#   lv_start NS DIR                     # prints `libvirtd_system_start_to_first_answer: N ms`, sets LV_START_MS
#   lv_virsh net-list --all             # virsh -q -c "$LV_URI" ...
#   lv_stop                             # destroys active networks, stops libvirtd and whatever it spawned
#                                       # (everything in its private mount namespace, e.g. dnsmasq)
#   lv_netns_delete NS                  # kills what is left in NS, ip netns del NS (only if we created it)
#   LV_LOG_FILTERS="1:network 1:util.firewall"   # optional, before lv_start: debug log to DIR/libvirtd.log
#   LV_CAPS_CACHE=/var/cache/jvirt/libvirt-qemu-caps  # optional, before lv_start: keep libvirt's QEMU
#                                       # capability cache between runs (a cold start probes every
#                                       # qemu-system-* binary, ~2 s per binary and accelerator under TCG)
#
# Call lv_start directly, not inside $(...) or a pipeline: it keeps the daemon's pid in globals.
# lv_stop and lv_netns_delete are idempotent, so they can go into an EXIT trap as they are.
#
# How the privacy works: libvirtd runs as `ip netns exec NS unshare -m --propagation private
# sh -c 'mounts; exec libvirtd'`. Inside that mount namespace only:
#   /run          <- bind of DIR/run (empty: hides the host's /run, including the D-Bus socket,
#                    so libvirt cannot reach firewalld/systemd/polkit of the host)
#   /var          <- overlay (lower: host /var, upper: DIR/var-upper), so /var/lib/libvirt,
#                    /var/cache/libvirt, /var/log/libvirt are created privately even if missing
#                    on the host; each is also mounted over with a fresh empty private directory
#   /etc/libvirt  <- bind of DIR/etc (libvirtd.conf, qemu.conf, network.conf written here; no
#                    qemu/networks/default.xml, so no default network)
#   /etc/passwd, /etc/group <- copies with a libvirt-qemu account added when the host lacks
#                    it (libvirt-daemon-system creates it; without it libvirtd will not start)
# The daemon's socket is DIR/run/libvirt/libvirt-sock, reachable from outside through
# LV_URI="qemu:///system?socket=DIR/run/libvirt/libvirt-sock" (any libvirt client: virsh -c,
# python3-libvirt libvirt.open(LV_URI)). Other globals after lv_start: LV_PID (libvirtd),
# LV_DIR (its log is LV_DIR/libvirtd.log), LV_NS, LV_START_MS; private state under
# LV_DIR/var/{lib,cache,log}/libvirt and LV_DIR/run/libvirt (network pid files, dnsmasq config).

# shellcheck source=bench/bench-lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/bench-lib.sh"

LV_PACKAGES=(libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients iptables dnsmasq-base nftables iproute2 util-linux mount)
LV_NS="" LV_DIR="" LV_SOCK="" LV_URI="" LV_PID="" LV_MNTNS="" LV_START_MS=""
LV_NETNS_MNT_WAS_MOUNTED="" LV_NETNS_CREATED=" "

lv__log() { echo "libvirt-private: $*" >&2; }

# shellcheck disable=SC2120  # callers may name no extra package
lv_install_packages() { # [PKG...]  (more packages the caller needs, installed in the same go)
    bench_install_packages "${LV_PACKAGES[@]}" "$@"
}

lv_netns_create() { # NS
    local ns=$1
    if ip netns list | awk '{print $1}' | grep -qx "$ns"; then
        if [[ -z "$(ip netns pids "$ns" 2>/dev/null)" ]]; then
            lv__log "removing stale network namespace $ns (no processes in it)"
            ip netns del "$ns"
        else
            lv__log "network namespace $ns exists and has processes (another run, or a killed one:"
            lv__log "  kill \$(ip netns pids $ns); ip netns del $ns  cleans it up); not touching it"; return 1
        fi
    fi
    if [[ -z "$LV_NETNS_MNT_WAS_MOUNTED" ]]; then
        if mountpoint -q /run/netns 2>/dev/null; then LV_NETNS_MNT_WAS_MOUNTED=yes; else LV_NETNS_MNT_WAS_MOUNTED=no; fi
    fi
    ip netns add "$ns"
    LV_NETNS_CREATED+="$ns "
    ip -n "$ns" link set lo up
}

lv_netns_delete() { # NS  (only one that lv_netns_create made in this shell)
    local ns=$1
    [[ "$LV_NETNS_CREATED" == *" $ns "* ]] || return 0
    LV_NETNS_CREATED=${LV_NETNS_CREATED/ $ns / }
    ip netns list | awk '{print $1}' | grep -qx "$ns" || return 0
    lv__kill_ns_pids "$ns"
    ip netns del "$ns" || true
    # `ip netns add` turns /run/netns into a shared mount when it is not one yet; undo that if we
    # caused it and nobody else has a namespace there now.
    if [[ "$LV_NETNS_MNT_WAS_MOUNTED" == no ]] && mountpoint -q /run/netns && [[ -z "$(ls -A /run/netns)" ]]; then
        if umount /run/netns 2>/dev/null; then rmdir /run/netns 2>/dev/null || true; fi
    fi
}

# Kills every process that lives in mount namespace MNTNS (`readlink /proc/PID/ns/mnt` form):
# that is libvirtd's private one, so only libvirtd and what it spawned (dnsmasq, helpers).
lv__kill_mntns_pids() { # MNTNS
    local want=$1 p pids=() _ sig
    for sig in TERM TERM TERM TERM TERM TERM TERM TERM TERM TERM KILL; do
        pids=()
        for p in /proc/[0-9]*; do
            [[ "$(readlink "$p/ns/mnt" 2>/dev/null)" == "$want" ]] && pids+=("${p#/proc/}")
        done
        (( ${#pids[@]} )) || return 0
        kill "-$sig" "${pids[@]}" 2>/dev/null || true
        sleep 0.1
    done
}

# Kills every process still inside network namespace NS (one we created).
lv__kill_ns_pids() { # NS
    local ns=$1 pids=() _
    mapfile -t pids < <(ip netns pids "$ns" 2>/dev/null)
    (( ${#pids[@]} )) || return 0
    kill "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 50); do
        mapfile -t pids < <(ip netns pids "$ns" 2>/dev/null)
        (( ${#pids[@]} )) || return 0
        sleep 0.05
    done
    kill -9 "${pids[@]}" 2>/dev/null || true
}

lv__write_config() { # DIR
    local d=$1
    mkdir -p "$d/etc/qemu/networks/autostart" "$d/etc/qemu/autostart" "$d/etc/storage/autostart" \
             "$d/etc/nwfilter" "$d/etc/secrets" "$d/run" "$d/var-upper" "$d/var-work" \
             "$d/var/lib" "$d/var/cache" "$d/var/log"
    chmod 755 "$d" "$d/run"
    local f
    for f in libvirt.conf libvirt-admin.conf; do   # client-side files shipped by libvirt0/clients
        [[ -f "/etc/libvirt/$f" ]] && cp "/etc/libvirt/$f" "$d/etc/$f"
    done
    cat > "$d/etc/libvirtd.conf" <<'EOF'
# private benchmark instance: root-only UNIX sockets, no polkit (no D-Bus in this namespace)
listen_tls = 0
listen_tcp = 0
unix_sock_group = "root"
unix_sock_ro_perms = "0700"
unix_sock_rw_perms = "0700"
unix_sock_admin_perms = "0700"
auth_unix_ro = "none"
auth_unix_rw = "none"
log_level = 3
EOF
    if [[ -n "${LV_LOG_FILTERS:-}" ]]; then   # e.g. LV_LOG_FILTERS="1:network 1:util.firewall"
        printf 'log_filters = "%s"\nlog_outputs = "1:stderr"\n' "$LV_LOG_FILTERS" >> "$d/etc/libvirtd.conf"
    else
        echo 'log_outputs = "3:stderr"' >> "$d/etc/libvirtd.conf"
    fi
    cat > "$d/etc/qemu.conf" <<'EOF'
# private benchmark instance: QEMU runs as root, no AppArmor/SELinux labelling
user = "root"
group = "root"
security_driver = "none"
# no virtlogd in the private namespace: QEMU's stdout/stderr go to a plain log file
stdio_handler = "file"
EOF
    : > "$d/etc/network.conf"
    # Debian's libvirt resolves libvirt-qemu (its compiled-in QEMU user and group) while it
    # starts, even when qemu.conf says root, and refuses to start without it. Give the private
    # mount namespace that account without editing the host's /etc/passwd and /etc/group.
    # (dnsmasq gets no user= from libvirt 9.0 and runs as dnsmasq's default, nobody.)
    cp /etc/passwd "$d/passwd"; cp /etc/group "$d/group"
    local id=64055
    if ! getent passwd libvirt-qemu >/dev/null; then
        while getent passwd "$id" >/dev/null || getent group "$id" >/dev/null; do id=$((id - 1)); done
        getent group libvirt-qemu >/dev/null || echo "libvirt-qemu:x:$id:" >> "$d/group"
        echo "libvirt-qemu:x:$id:$id:libvirt-qemu (private benchmark copy):/nonexistent:/usr/sbin/nologin" >> "$d/passwd"
    fi
}

lv_start() { # NS DIR
    local ns=$1 dir t0 _
    if (( BASH_SUBSHELL > 0 )); then
        lv__log "lv_start must run in the calling shell (not in \$(...) or a pipe); read LV_START_MS instead"; return 1
    fi
    if [[ -n "$LV_PID" ]] && kill -0 "$LV_PID" 2>/dev/null; then
        lv__log "a private libvirtd is already running (pid $LV_PID); lv_stop it first"; return 1
    fi
    mkdir -p "$2"; dir=$(cd "$2" && pwd)
    # shellcheck disable=SC2034  # LV_NS is for callers
    LV_NS=$ns LV_DIR=$dir
    LV_SOCK="$dir/run/libvirt/libvirt-sock"
    LV_URI="qemu:///system?socket=$LV_SOCK"
    lv__write_config "$dir"
    # Everything below runs inside the new mount namespace; nothing propagates back to the host.
    local setup="set -e
mount --bind '$dir/run' /run
mount -t overlay overlay -o 'lowerdir=/var,upperdir=$dir/var-upper,workdir=$dir/var-work' /var
for s in lib cache log; do mkdir -p /var/\$s/libvirt '$dir/var/'\$s/libvirt; mount --bind '$dir/var/'\$s/libvirt /var/\$s/libvirt; done
if [ ! -d /etc/libvirt ]; then
    mkdir -p '$dir/etc-upper' '$dir/etc-work'
    mount -t overlay overlay -o 'lowerdir=/etc,upperdir=$dir/etc-upper,workdir=$dir/etc-work' /etc
    mkdir /etc/libvirt
fi
mount --bind '$dir/etc' /etc/libvirt
mount --bind '$dir/passwd' /etc/passwd
mount --bind '$dir/group' /etc/group
exec libvirtd"
    local caps="$dir/var/cache/libvirt/qemu/capabilities" cached=""
    mkdir -p "$caps"
    if [[ -n "${LV_CAPS_CACHE:-}" ]] && compgen -G "$LV_CAPS_CACHE/*.xml" >/dev/null; then
        cp "$LV_CAPS_CACHE"/*.xml "$caps/" && cached=_cached_caps
    fi
    t0=$(now)
    ip netns exec "$ns" unshare -m --propagation private \
        env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C DBUS_SYSTEM_BUS_ADDRESS=unix:path=/nonexistent \
        sh -c "$setup" > "$dir/libvirtd.log" 2>&1 < /dev/null &
    LV_PID=$!
    for _ in $(seq 3000); do   # up to ~30 s
        if [[ -S "$LV_SOCK" ]] && virsh -q -c "$LV_URI" version >/dev/null 2>&1; then
            LV_START_MS=$(ms "$t0" "$(now)")
            LV_MNTNS=$(readlink "/proc/$LV_PID/ns/mnt")
            echo "libvirtd_system_start_to_first_answer$cached: $LV_START_MS ms"
            if [[ -n "${LV_CAPS_CACHE:-}" ]] && compgen -G "$caps/*.xml" >/dev/null; then
                mkdir -p "$LV_CAPS_CACHE" && cp "$caps"/*.xml "$LV_CAPS_CACHE/"
            fi
            return 0
        fi
        if ! kill -0 "$LV_PID" 2>/dev/null; then
            lv__log "libvirtd exited during start-up; log:"; tail -n 30 "$dir/libvirtd.log" >&2; LV_PID=""; return 1
        fi
        sleep 0.01
    done
    LV_MNTNS=$(readlink "/proc/$LV_PID/ns/mnt" 2>/dev/null) || true   # so that lv_stop cleans up
    lv__log "libvirtd did not answer within 30 s; log:"; tail -n 30 "$dir/libvirtd.log" >&2
    return 1
}

lv_virsh() { virsh -q -c "$LV_URI" "$@"; }

# PID of the dnsmasq libvirt runs for network NAME (empty when none is alive).
lv_dnsmasq_pid() { # NAME
    local pf="$LV_DIR/run/libvirt/network/$1.pid" pid
    [[ -r "$pf" ]] || return 0
    pid=$(cat "$pf" 2>/dev/null) || return 0
    [[ "$pid" =~ ^[0-9]+$ ]] || return 0
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == dnsmasq ]] || return 0
    [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]] || return 0
    echo "$pid"
}

lv_stop() {
    local n pf pid _
    if [[ -n "$LV_PID" ]] && kill -0 "$LV_PID" 2>/dev/null; then
        # Let libvirt tear its networks down itself (bridge, dnsmasq, iptables rules).
        for n in $(timeout 10 virsh -q -c "$LV_URI" net-list --name 2>/dev/null); do
            timeout 10 virsh -q -c "$LV_URI" net-destroy "$n" >/dev/null 2>&1 || true
        done
        kill -TERM "$LV_PID" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$LV_PID" 2>/dev/null || break; sleep 0.05; done
        kill -KILL "$LV_PID" 2>/dev/null || true
        wait "$LV_PID" 2>/dev/null || true
    fi
    LV_PID=""
    if [[ -n "$LV_DIR" ]]; then   # dnsmasq daemonizes, so it is not libvirtd's child
        for pf in "$LV_DIR"/run/libvirt/network/*.pid; do
            [[ -e "$pf" ]] || continue
            pid=$(cat "$pf" 2>/dev/null) || continue
            [[ "$pid" =~ ^[0-9]+$ ]] || continue
            if [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == dnsmasq ]]; then kill "$pid" 2>/dev/null || true; fi
        done
    fi
    if [[ -n "$LV_MNTNS" ]]; then lv__kill_mntns_pids "$LV_MNTNS"; fi
    LV_MNTNS=""
    return 0
}
