#!/usr/bin/env bash
# Smoke test of jvirt as users run it: the ./jvirt launcher, the merged dist jar and the AOT
# cache of each command family, against a daemon the launcher starts. The unit and integration
# tests call the CLI in-process; this checks what they cannot: the launcher's choices, the caches
# being accepted (a rejected cache prints a JVM warning, so successful calls must print nothing
# on stderr), exit codes and output of the real process.
#   scripts/launcher-smoke.sh GUEST_DIR
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
GUEST="$1"
JV="$HERE/jvirt"
"$JV" --version >/dev/null # builds the dist and trains the caches when needed
TMP="$(mktemp -d /tmp/jvsmoke.XXXXXX)"
DPID=""
cleanup() {
    if [[ -n "$DPID" ]]; then
        kill "$DPID" 2>/dev/null || true
        wait "$DPID" 2>/dev/null || true
    fi
    pkill -f "guest=smoke-vm" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "launcher-smoke: FAIL: $*" >&2; exit 1; }
SOCK="$TMP/sock"
# ok CMD...: must exit 0 with nothing on stderr; its stdout is in $OUT
ok() {
    OUT="$("$JV" "$@" 2>"$TMP/err")" || fail "'jvirt $*' exited $?: $(cat "$TMP/err")"
    [[ ! -s "$TMP/err" ]] || fail "'jvirt $*' printed on stderr: $(cat "$TMP/err")"
}
# refused RC CMD...: must exit RC with an 'error: ' line on stderr
refused() {
    local want="$1" rc=0
    shift
    "$JV" "$@" >/dev/null 2>"$TMP/err" || rc=$?
    [[ "$rc" == "$want" ]] || fail "'jvirt $*' exited $rc, expected $want: $(cat "$TMP/err")"
    grep -q "^error: " "$TMP/err" || fail "'jvirt $*' gave no error line: $(cat "$TMP/err")"
}

JVIRT_ACCEL=tcg "$JV" daemon --state-dir "$TMP/state" --socket "$SOCK" >"$TMP/daemon.log" 2>&1 &
DPID=$!
for _ in $(seq 1 200); do [[ -S "$SOCK" ]] && break; sleep 0.05; done
[[ -S "$SOCK" ]] || fail "the daemon did not open $SOCK: $(cat "$TMP/daemon.log")"

cat >"$TMP/vm.xml" <<XML
<domain type='qemu'>
  <name>smoke-vm</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><kernel>$GUEST/vmlinuz</kernel><initrd>$GUEST/initrd.img</initrd><cmdline>console=ttyS0 quiet</cmdline></os>
  <devices><serial type='pty'><target port='0'/></serial></devices>
</domain>
XML
# domain family, -c before and after the verb
ok -c "$SOCK" define "$TMP/vm.xml"
[[ "$OUT" == "Domain 'smoke-vm' defined from $TMP/vm.xml" ]] || fail "define said: $OUT"
ok list --all -c "$SOCK"
grep -q "smoke-vm *shut off" <<<"$OUT" || fail "list --all said: $OUT"
ok -c "$SOCK" start smoke-vm
ok -c "$SOCK" domstate smoke-vm
[[ "$OUT" == "running" ]] || fail "domstate said: $OUT"
ok -c "$SOCK" destroy smoke-vm
ok --connect="$SOCK" list --all --json
grep -q '"name" : "smoke-vm"' <<<"$OUT" || fail "list --json said: $OUT"
refused 1 -c "$SOCK" dominfo no-such-domain
refused 1 -c "$SOCK" start no-such-domain
refused 2 -c "$SOCK" no-such-verb
ok -c "$SOCK" undefine smoke-vm
# network family (queries only: this daemon runs in the host's network namespace)
ok -c "$SOCK" net-list --all
grep -q "default" <<<"$OUT" || fail "net-list said: $OUT"
refused 1 -c "$SOCK" net-info no-such-network
# storage family
ok -c "$SOCK" pool-list --all
refused 1 -c "$SOCK" vol-list no-such-pool
# image family
ok img create -f qcow2 "$TMP/d.qcow2" 16M
ok img info "$TMP/d.qcow2"
grep -q "file format: qcow2" <<<"$OUT" || fail "img info said: $OUT"
refused 1 img info "$TMP/missing.qcow2"
ok --version
echo "launcher-smoke: ok"
