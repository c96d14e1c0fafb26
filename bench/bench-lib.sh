# shellcheck shell=bash
# Sourceable library: what every side-by-side benchmark in bench/ does the same way.
#
#   source bench/bench-lib.sh            # defines BENCH_HOME (the checkout) and BENCH_JAVA (Java 25)
#   bench_install_packages PKG...        # apt-get installs those that are missing
#   bench_build                          # builds jvirt's dist when stale (mvn package, never
#                                        # install: ~/.m2 may be shared); sets BENCH_CP, its class path
#   jvirtd_start DIR [NETNS]             # the daemon as users run it (`./jvirt daemon`), state in
#                                        # DIR/jstate, socket DIR/jvirtd.sock, log DIR/jvirtd.log,
#                                        # optionally inside network namespace NETNS; returns once it
#                                        # answers; sets JV_PID, JV_SOCK, JV_START_MS
#   jvirtd_stop                          # stops that daemon (idempotent: fit for an EXIT trap)
#   session_libvirtd_start DIR           # libvirtd as an unprivileged user runs it: qemu:///session as
#                                        # the user jvbench (made when missing), its state under DIR/lv,
#                                        # log DIR/libvirtd.log; returns once it answers; sets SL_PID,
#                                        # SL_START_MS and SL_AS (the command prefix that runs a client
#                                        # as that user in that environment: "${SL_AS[@]}" virsh ...)
#   session_virsh ARGS...                # virsh -q -c qemu:///session ARGS, as that user
#   session_libvirtd_stop                # stops it (idempotent)
#   now; ms T0 T1; median                # nanosecond clock, T1-T0 in ms, median of numbers on stdin
#   bench_api_java FILE ARGS...          # a bench/*ApiBench.java client, compiled, with a lean JIT
#
# Call jvirtd_start and session_libvirtd_start directly, not inside $(...) or a pipeline: they keep
# the daemon's pid in globals.

BENCH_HOME="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
# shellcheck disable=SC2034  # BENCH_JAVA, BENCH_CP, JV_SOCK, JV_START_MS are for the scripts that source this
BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java   # the plain `java` here is 17
BENCH_CP="" JV_PID="" JV_SOCK="" JV_START_MS="" SL_PID="" SL_START_MS="" SL_AS=()

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Runs a bench/*ApiBench.java client against a daemon on a machine it shares with the guests it
# measures: compiled ahead (java's source mode runs javac in the measuring JVM, whose JIT then
# compiles javac's hot code on the second core during the first iterations) and with the CLI's
# lean JIT (C1 only, one compiler thread). libvirt's side is a Python client, which takes no
# core from the guests either.
bench_api_java() { # FILE ARGS...
    local src=$1 out
    shift
    out="$(mktemp -d /tmp/jvbench-classes.XXXXXX)"
    "${BENCH_JAVA%/java}/javac" -nowarn -d "$out" -cp "$BENCH_CP" "$src"
    "$BENCH_JAVA" -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -cp "$out:$BENCH_CP" \
        "$(basename "$src" .java)" "$@"
    rm -rf "$out"
}

bench_install_packages() { # PKG...
    local p missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if (( ${#missing[@]} )); then
        echo "bench: installing ${missing[*]}" >&2
        apt-get update -q >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
    fi
}

bench_build() {
    # the launcher builds when a source is newer than its dist; `package` keeps ~/.m2 untouched
    JVIRT_BUILD_GOAL=package "$BENCH_HOME/jvirt" --version >/dev/null
    # shellcheck disable=SC2034  # for the scripts that source this
    BENCH_CP="$(cat "$BENCH_HOME/jvirt-cli/target/dist/classpath")"
}

jvirtd_start() { # DIR [NETNS]
    local dir=$1 ns=${2:-} t0 in_ns=()
    if (( BASH_SUBSHELL > 0 )); then
        echo "bench: jvirtd_start must run in the calling shell (not in \$(...) or a pipe)" >&2; return 1
    fi
    [[ -n "$ns" ]] && in_ns=(ip netns exec "$ns")
    JV_SOCK="$dir/jvirtd.sock"
    t0=$(now)
    # the daemon as users run it: the launcher's daemon JVM options
    setsid "${in_ns[@]}" "$BENCH_HOME/jvirt" daemon --state-dir "$dir/jstate" --socket "$JV_SOCK" \
        >"$dir/jvirtd.log" 2>&1 &
    JV_PID=$!
    until [[ -S "$JV_SOCK" ]] && "$BENCH_HOME/jvirt" -c "$JV_SOCK" list >/dev/null 2>&1; do
        if ! kill -0 "$JV_PID" 2>/dev/null; then
            echo "bench: jvirtd exited during start-up; log:" >&2; tail -n 30 "$dir/jvirtd.log" >&2; JV_PID=""; return 1
        fi
        sleep 0.01
    done
    # shellcheck disable=SC2034  # for the scripts that source this
    JV_START_MS=$(ms "$t0" "$(now)")
}

# Ends a child of this shell by its pid: TERM, up to 5 s, then KILL.
bench__end() { # PID
    local _
    kill "$1" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.05; done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

jvirtd_stop() {
    [[ -n "$JV_PID" ]] || return 0
    bench__end "$JV_PID"
    JV_PID=""
}

session_libvirtd_start() { # DIR
    local dir=$1 t0
    if (( BASH_SUBSHELL > 0 )); then
        echo "bench: session_libvirtd_start must run in the calling shell (not in \$(...) or a pipe)" >&2; return 1
    fi
    id jvbench >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin jvbench
    SL_AS=(runuser -u jvbench -- env XDG_RUNTIME_DIR="$dir/lv/run" XDG_CONFIG_HOME="$dir/lv/config"
           XDG_CACHE_HOME="$dir/lv/cache" XDG_DATA_HOME="$dir/lv/data" HOME="$dir/lv")
    mkdir -p "$dir/lv/run" && chown -R jvbench "$dir/lv" && chmod 700 "$dir/lv/run"
    t0=$(now)
    "${SL_AS[@]}" libvirtd --timeout 0 >"$dir/libvirtd.log" 2>&1 &
    SL_PID=$!
    until "${SL_AS[@]}" virsh -c qemu:///session version >/dev/null 2>&1; do
        if ! kill -0 "$SL_PID" 2>/dev/null; then
            echo "bench: libvirtd exited during start-up; log:" >&2; tail -n 30 "$dir/libvirtd.log" >&2; SL_PID=""; return 1
        fi
        sleep 0.01
    done
    # shellcheck disable=SC2034  # for the scripts that source this
    SL_START_MS=$(ms "$t0" "$(now)")
}

session_virsh() { "${SL_AS[@]}" virsh -q -c qemu:///session "$@"; }

session_libvirtd_stop() {
    [[ -n "$SL_PID" ]] || return 0
    bench__end "$SL_PID"
    SL_PID=""
}

# The bench guest (512 MiB, one qcow2 disk as vda, serial log) for the operations benches.
bench_guest_xml() { # NAME ROOT LOGFILE APPEND(on|off); needs $GUEST
    cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>512</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><kernel>$GUEST/vmlinuz</kernel><initrd>$GUEST/initrd.img</initrd><cmdline>console=ttyS0 panic=-1 quiet</cmdline></os>
  <features><acpi/></features>
  <devices>
    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$2'/><target dev='vda' bus='virtio'/></disk>
    <serial type='pty'><log file='$3' append='$4'/><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
  </devices>
</domain>
XML
}

# Waits up to 120 s for the test guest's ready line in its console log.
bench_wait_ready() { # LOGFILE
    local _
    for _ in $(seq 1200); do grep -q JVIRT-GUEST-READY "$1" 2>/dev/null && return 0; sleep 0.1; done
    echo "bench: the guest never became ready ($1)" >&2; return 1
}

# The common start of the operations benchmarks: packages, the build, the test guest, a private
# directory TMP, jvirtd and a session libvirtd side by side (SOCK, virsh_, jvirt_), and an EXIT trap
# that destroys the benchmark's domain on both, stops both daemons and removes TMP (with
# BENCH_KEEP_LOG=FILE, jvirtd's log is copied to FILE first, for its timings; with
# BENCH_KEEP_LIBVIRT_LOG=FILE, libvirtd's, which has QEMU's monitor traffic with timestamps when
# the bench runs with LIBVIRT_LOG_FILTERS="1:qemu.qemu_monitor" LIBVIRT_LOG_OUTPUTS="1:stderr").
# Must run in the calling shell (it starts the daemons there).
bench_operations_setup() { # TMP-PREFIX DOMAIN
    BENCH_DOMAIN=$2
    bench_install_packages libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients python3-libvirt \
        qemu-system-x86 qemu-utils
    bench_build
    GUEST=/var/cache/jvirt/guest
    bash "$BENCH_HOME/scripts/build-test-guest.sh" "$GUEST" >&2
    chmod -R a+rX /var/cache/jvirt
    TMP="$(mktemp -d "/tmp/$1.XXXXXX")"
    chmod 755 "$TMP"
    trap bench__operations_cleanup EXIT
    jvirtd_start "$TMP"
    SOCK=$JV_SOCK
    session_libvirtd_start "$TMP"
}

# shellcheck disable=SC2317  # invoked through the EXIT trap
bench__operations_cleanup() {
    [[ -z "${JV_PID:-}" ]] || "$BENCH_HOME/jvirt" -c "$JV_SOCK" destroy "$BENCH_DOMAIN" >/dev/null 2>&1 || true
    [[ -z "${SL_PID:-}" ]] || session_virsh destroy "$BENCH_DOMAIN" >/dev/null 2>&1 || true
    jvirtd_stop
    session_libvirtd_stop
    [[ -z "${BENCH_KEEP_LOG:-}" ]] || cp "$TMP/jvirtd.log" "$BENCH_KEEP_LOG" 2>/dev/null || true
    [[ -z "${BENCH_KEEP_LIBVIRT_LOG:-}" ]] || cp "$TMP/libvirtd.log" "$BENCH_KEEP_LIBVIRT_LOG" 2>/dev/null || true
    rm -rf "$TMP"
}

virsh_() { session_virsh "$@"; }
jvirt_() { "$BENCH_HOME/jvirt" -c "$SOCK" "$@"; }
