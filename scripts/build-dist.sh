#!/usr/bin/env bash
# Builds jvirt (skipping tests) into jvirt-cli/target/dist: the class path file and AOT
# caches for the daemon's CLI clients (cli.aot) and the image tool (img.aot), trained by short
# scripted sessions, the clients' against a private daemon in a temporary directory.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
DIST="$HERE/jvirt-cli/target/dist"
# JVIRT_BUILD_GOAL=package builds without touching ~/.m2 (a worktree sharing it with others); the
# reactor hands every module's fresh jar to jvirt-cli/target/lib either way.
GOAL="${JVIRT_BUILD_GOAL:-install}"
echo "jvirt: building (mvn -DskipTests $GOAL)..." >&2
(cd "$HERE" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -q -B -DskipTests $GOAL) >&2
# The dist keeps its own copies of the jars: a later `mvn install` (tests, IDE) rewrites the
# jars in target/, which would silently invalidate the AOT caches trained on them.
rm -rf "$DIST"
mkdir -p "$DIST/lib"
cp "$HERE/jvirt-cli/target/jvirt-cli-0.1.0-SNAPSHOT.jar" "$HERE"/jvirt-cli/target/lib/*.jar "$DIST/lib/"
# picocli ships Java 5 classes, which the AOT cache cannot hold: retarget the dist's copy
for j in "$DIST"/lib/picocli-*.jar; do
    "$JAVA" "$HERE/scripts/RetargetJar.java" "$j" "$j.new" && mv "$j.new" "$j"
done
CP="$DIST/lib/jvirt-cli-0.1.0-SNAPSHOT.jar"
for j in "$DIST"/lib/*.jar; do [[ "$j" == */jvirt-cli-0.1.0-SNAPSHOT.jar ]] || CP="$CP:$j"; done
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
# The clients train against a scratch daemon.
JVIRT_ACCEL=tcg "$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xlog:disable --enable-native-access=ALL-UNNAMED \
    -cp "$CP" io.jvirt.cli.Main daemon --state-dir "$TMP/state" --socket "$TMP/sock" >"$TMP/daemon.log" 2>&1 &
DPID=$!
for _ in $(seq 1 300); do [[ -S "$TMP/sock" ]] && break; sleep 0.05; done
"$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:AOTCacheOutput="$DIST/cli.aot" -Xlog:disable --enable-native-access=ALL-UNNAMED \
    -cp "$CP" io.jvirt.cli.Main train --connect "$TMP/sock" >"$TMP/train.log" 2>&1 || {
    echo "jvirt: AOT training failed (the build works, starts are just slower):" >&2; cat "$TMP/train.log" >&2; }
# The image tool gets a cache of its own: every class of a cache is loaded at each start, so
# the daemon's clients start faster without the image engine's classes, and the reverse.
"$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:AOTCacheOutput="$DIST/img.aot" -Xlog:disable --enable-native-access=ALL-UNNAMED \
    -cp "$CP" io.jvirt.cli.Main train --img >"$TMP/train-img.log" 2>&1 || {
    echo "jvirt: AOT training of the image tool failed (the build works, starts are just slower):" >&2; cat "$TMP/train-img.log" >&2; }
kill -TERM "$DPID" 2>/dev/null || true
wait "$DPID" 2>/dev/null || true
echo "$CP" > "$DIST/classpath"
echo "jvirt: built." >&2
