#!/usr/bin/env bash
# Domain lifecycle benchmark: jvirt and libvirt side by side in one run, on the same guest.
# Prints `name: value unit` lines (medians). Needs root (creates the user jvbench for a
# private, unprivileged libvirtd session whose state lives in a temporary directory).
#   bench/lifecycle.sh [RUNS]
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS=${1:-5}
N=1000
# shellcheck source=bench/bench-lib.sh
source "$HERE/bench/bench-lib.sh"
bench_install_packages libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients python3-libvirt qemu-system-x86
bench_build
GUEST=/var/cache/jvirt/guest
bash "$HERE/scripts/build-test-guest.sh" "$GUEST" >&2
chmod -R a+rX /var/cache/jvirt
TMP="$(mktemp -d /tmp/jvbench.XXXXXX)"
chmod 755 "$TMP"
# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() {
    # a guest left running by an interrupted run: each daemon ends its own
    [[ -z "$JV_PID" ]] || "$HERE/jvirt" -c "$JV_SOCK" destroy jb-vm >/dev/null 2>&1 || true
    [[ -z "$SL_PID" ]] || session_virsh destroy jb-vm >/dev/null 2>&1 || true
    jvirtd_stop
    session_libvirtd_stop
    rm -rf "$TMP"
}
trap cleanup EXIT
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }

# --- daemons ---------------------------------------------------------------
jvirtd_start "$TMP"
SOCK=$JV_SOCK
echo "jvirtd_start_to_first_answer: $JV_START_MS ms"
session_libvirtd_start "$TMP"
URI=qemu:///session
echo "libvirtd_start_to_first_answer: $SL_START_MS ms"
LVPID=$(pgrep -P "$SL_PID" -x libvirtd)   # runuser's child
virsh_() { session_virsh "$@"; }

sleep 1
echo "jvirtd_rss_idle: $(rss "$JV_PID") MiB"
echo "libvirtd_rss_idle: $(rss "$LVPID") MiB"

# --- define latency through the CLI ---------------------------------------
cat > "$TMP/one.xml" <<XML
<domain type='qemu'><name>jb-one</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os></domain>
XML
chmod 644 "$TMP/one.xml"
for i in $(seq "$RUNS"); do t=$(now); "$HERE/jvirt" -c "$SOCK" define "$TMP/one.xml" >/dev/null; ms "$t" "$(now)"; "$HERE/jvirt" -c "$SOCK" undefine jb-one >/dev/null; done | median | sed 's/^/jvirt_cli_define: /; s/$/ ms/'
for i in $(seq "$RUNS"); do t=$(now); virsh_ define "$TMP/one.xml" >/dev/null; ms "$t" "$(now)"; virsh_ undefine jb-one >/dev/null; done | median | sed 's/^/virsh_define: /; s/$/ ms/'
for i in $(seq "$RUNS"); do t=$(now); "$HERE/jvirt" --version >/dev/null; ms "$t" "$(now)"; done | median | sed 's/^/jvirt_cli_version_no_daemon_call: /; s/$/ ms/'
for i in $(seq "$RUNS"); do t=$(now); virsh_ --version >/dev/null; ms "$t" "$(now)"; done | median | sed 's/^/virsh_version_no_daemon_call: /; s/$/ ms/' 

# --- API define latency and throughput, 1000 domains stay defined ---------
"$BENCH_JAVA" -cp "$BENCH_CP" "$HERE/bench/DefineBench.java" "$SOCK" "$N" 16 jb- keep
"${SL_AS[@]}" /usr/bin/python3 "$HERE/bench/libvirt_define.py" "$URI" "$N" jb- keep

# --- list --all with 1000 defined -----------------------------------------
for i in $(seq "$RUNS"); do t=$(now); "$HERE/jvirt" -c "$SOCK" list --all >/dev/null; ms "$t" "$(now)"; done | median | sed 's/^/jvirt_list_all_1000: /; s/$/ ms/'
for i in $(seq "$RUNS"); do t=$(now); virsh_ list --all >/dev/null; ms "$t" "$(now)"; done | median | sed 's/^/virsh_list_all_1000: /; s/$/ ms/'
for i in $(seq "$RUNS"); do t=$(now); "$HERE/jvirt" -c "$SOCK" list --all --name >/dev/null; ms "$t" "$(now)"; done | median | sed 's/^/jvirt_list_all_name_1000: /; s/$/ ms/'
for i in $(seq "$RUNS"); do t=$(now); virsh_ list --all --name >/dev/null; ms "$t" "$(now)"; done | median | sed 's/^/virsh_list_all_name_1000: /; s/$/ ms/'
echo "jvirtd_rss_1000_domains_at_once: $(rss "$JV_PID") MiB"
echo "libvirtd_rss_1000_domains_at_once: $(rss "$LVPID") MiB"
# settled: 3 s without requests, time for jvirtd's idle collection (IdleCollector) to run
sleep 3
echo "jvirtd_rss_1000_domains: $(rss "$JV_PID") MiB"
echo "libvirtd_rss_1000_domains: $(rss "$LVPID") MiB"

# --- start / destroy / start-to-ready on the busybox guest ----------------
guest_xml() { # NAME LOGFILE
    cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><kernel>$GUEST/vmlinuz</kernel><initrd>$GUEST/initrd.img</initrd><cmdline>console=ttyS0 panic=-1 quiet</cmdline></os>
  <features><acpi/></features>
  <devices>
    <serial type='pty'><log file='$2' append='off'/><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
  </devices>
</domain>
XML
}
wait_ready() { # LOGFILE -> prints ms since $2
    until grep -q JVIRT-GUEST-READY "$1" 2>/dev/null; do sleep 0.005; done
    ms "$2" "$(now)"
}
mkdir -p "$TMP/logs" && chmod 777 "$TMP/logs"
guest_xml jb-vm "$TMP/logs/jvirt.log" > "$TMP/jvm.xml"
guest_xml jb-vm "$TMP/logs/libvirt.log" > "$TMP/lvm.xml"
chmod 644 "$TMP"/*.xml
"$HERE/jvirt" -c "$SOCK" define "$TMP/jvm.xml" >/dev/null
virsh_ define "$TMP/lvm.xml" >/dev/null
: > "$TMP/j.start"; : > "$TMP/j.ready"; : > "$TMP/j.destroy"; : > "$TMP/l.start"; : > "$TMP/l.ready"; : > "$TMP/l.destroy"; : > "$TMP/q.ready"
for i in $(seq "$RUNS"); do
    rm -f "$TMP/logs/jvirt.log"; t=$(now)
    "$HERE/jvirt" -c "$SOCK" start jb-vm >/dev/null; ms "$t" "$(now)" >> "$TMP/j.start"
    wait_ready "$TMP/logs/jvirt.log" "$t" >> "$TMP/j.ready"
    t=$(now); "$HERE/jvirt" -c "$SOCK" destroy jb-vm >/dev/null; ms "$t" "$(now)" >> "$TMP/j.destroy"
    rm -f "$TMP/logs/libvirt.log"; t=$(now)
    virsh_ start jb-vm >/dev/null; ms "$t" "$(now)" >> "$TMP/l.start"
    wait_ready "$TMP/logs/libvirt.log" "$t" >> "$TMP/l.ready"
    t=$(now); virsh_ destroy jb-vm >/dev/null; ms "$t" "$(now)" >> "$TMP/l.destroy"
    rm -f "$TMP/logs/qemu.log"; t=$(now)
    # the same virtual hardware as the domain: libvirt and jvirt both give it a virtio balloon
    # by default (<memballoon> absent), which alone adds ~100 ms to this guest's boot
    qemu-system-x86_64 -machine pc,accel=tcg -m 256 -nodefaults -display none -no-user-config \
        -chardev file,id=s0,path="$TMP/logs/qemu.log" -serial chardev:s0 \
        -device virtio-balloon-pci,id=balloon0,bus=pci.0,addr=0x2 \
        -kernel "$GUEST/vmlinuz" -initrd "$GUEST/initrd.img" -append 'console=ttyS0 panic=-1 quiet' &
    QP=$!
    wait_ready "$TMP/logs/qemu.log" "$t" >> "$TMP/q.ready"
    kill "$QP"; wait "$QP" 2>/dev/null || true
done
"$BENCH_JAVA" -cp "$BENCH_CP" "$HERE/bench/LifecycleApiBench.java" "$SOCK" jb-vm "$RUNS"
"${SL_AS[@]}" /usr/bin/python3 "$HERE/bench/libvirt_lifecycle.py" "$URI" jb-vm "$TMP/logs/libvirt.log" "$RUNS"
echo "jvirt_start: $(median < "$TMP/j.start") ms"
echo "virsh_start: $(median < "$TMP/l.start") ms"
echo "jvirt_destroy: $(median < "$TMP/j.destroy") ms"
echo "virsh_destroy: $(median < "$TMP/l.destroy") ms"
echo "jvirt_start_to_ready: $(median < "$TMP/j.ready") ms"
echo "virsh_start_to_ready: $(median < "$TMP/l.ready") ms"
echo "raw_qemu_exec_to_ready: $(median < "$TMP/q.ready") ms"
