#!/usr/bin/env bash
# Builds jvirt (skipping tests) into jvirt-cli/target/dist: the class path file and AOT
# caches for the CLI's command families (domain, network, storage, img), each trained by a short
# scripted session, the clients' against a private daemon in a temporary directory.
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
rm -rf "$HERE/jvirt-cli/target/lib" # no stale dependency jars (say, after a version bump) in the merge below
(cd "$HERE" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -q -B -DskipTests $GOAL) >&2
# The dist keeps its own copy of the code, merged into one jar (scripts/DistJar.java says why,
# and retargets picocli's Java 5 classes so that the AOT caches can hold them): a later
# `mvn install` (tests, IDE) rewrites the jars in target/, which would silently invalidate the
# AOT caches trained on them.
rm -rf "$DIST"
mkdir -p "$DIST"
"$JAVA" "$HERE/scripts/DistJar.java" "$DIST/jvirt.jar" "$HERE/jvirt-cli/target/jvirt-cli-0.1.0-SNAPSHOT.jar" \
    "$HERE"/jvirt-cli/target/lib/*.jar
CP="$DIST/jvirt.jar"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
# The clients train against a scratch daemon.
JVIRT_ACCEL=tcg "$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xlog:disable --enable-native-access=ALL-UNNAMED \
    -cp "$CP" io.jvirt.cli.Main daemon --state-dir "$TMP/state" --socket "$TMP/sock" >"$TMP/daemon.log" 2>&1 &
DPID=$!
for _ in $(seq 1 300); do [[ -S "$TMP/sock" ]] && break; sleep 0.05; done
# One cache per command family (a JVM loads every class of its cache at start, so each family
# starts faster with a cache of its own): domain.aot, network.aot, storage.aot and img.aot. The
# launcher maps verbs to families; the JVM options must match the launcher's.
for family in domain network storage img; do
    "$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:AOTCacheOutput="$DIST/$family.aot" -Xlog:disable \
        --enable-native-access=ALL-UNNAMED -cp "$CP" io.jvirt.cli.Main train --family "$family" --connect "$TMP/sock" \
        >"$TMP/train-$family.log" 2>&1 || {
        echo "jvirt: AOT training of the $family commands failed (the build works, starts are just slower):" >&2
        cat "$TMP/train-$family.log" >&2
    }
done
kill -TERM "$DPID" 2>/dev/null || true
wait "$DPID" 2>/dev/null || true
echo "$CP" > "$DIST/classpath"
echo "jvirt: built." >&2
