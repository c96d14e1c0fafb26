#!/usr/bin/env bash
# Storage benchmark: jvirt-storage and libvirt's storage driver side by side in one run, on the
# same volumes: pool-refresh of 1000 volumes (500 qcow2, 500 sparse raw), vol-create-as qcow2
# 10G, a full clone of a 1 GiB raw volume, upload and download of 1 GiB. Prints `name: value
# unit` lines (medians). Needs root (creates the user jvbench for a private libvirtd session).
# The jvirt side is the library (the daemon's own overhead is not included).
#   bench/storage.sh [RUNS]
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS=${1:-5}
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
(cd "$HERE" && mvn -o -q -B -pl jvirt-storage -am package -DskipTests >&2)
AIR=$(find ~/.m2/repository/io/airlift/aircompressor -name 'aircompressor-*.jar' | head -1)
CP="$HERE/jvirt-conf/target/classes:$HERE/jvirt-image/target/classes:$HERE/jvirt-storage/target/classes:$AIR"
TMP="$(mktemp -d /tmp/jvsbench.XXXXXX)"
chmod 755 "$TMP"
id jvbench >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin jvbench
LPID=""
cleanup() { [[ -n "$LPID" ]] && kill "$LPID" 2>/dev/null; sleep 0.5; rm -rf "$TMP"; }
trap cleanup EXIT

# 1 GiB of random data, and 1000 volumes in each pool
head -c 1G /dev/urandom >"$TMP/src1g.img"
mkdir -p "$TMP/jpool" "$TMP/lpool"
qemu-img create -q -f qcow2 "$TMP/q.qcow2" 10G
for i in $(seq -w 0 499); do
    cp "$TMP/q.qcow2" "$TMP/jpool/q$i.qcow2"; truncate -s "$((10#$i + 1))M" "$TMP/jpool/r$i.img"
done
cp -a --sparse=always "$TMP/jpool/." "$TMP/lpool/"
chown -R jvbench "$TMP/lpool" "$TMP/src1g.img"
sync

"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" "$HERE/bench/StorageBench.java" \
    "$TMP/jpool" "$TMP/src1g.img" "$RUNS"

LENV=(env XDG_RUNTIME_DIR="$TMP/lv/run" XDG_CONFIG_HOME="$TMP/lv/config" XDG_CACHE_HOME="$TMP/lv/cache" XDG_DATA_HOME="$TMP/lv/data" HOME="$TMP/lv")
mkdir -p "$TMP/lv/run" && chown -R jvbench "$TMP/lv" && chmod 700 "$TMP/lv/run"
URI=qemu:///session
runuser -u jvbench -- "${LENV[@]}" libvirtd --timeout 0 >"$TMP/libvirtd.log" 2>&1 &
LPID=$!
until runuser -u jvbench -- "${LENV[@]}" virsh -c "$URI" version >/dev/null 2>&1; do sleep 0.01; done
runuser -u jvbench -- "${LENV[@]}" python3 "$HERE/bench/libvirt_storage.py" "$URI" "$TMP/lpool" "$TMP/src1g.img" "$RUNS"
