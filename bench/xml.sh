#!/usr/bin/env bash
# "Bring your own XML" benchmark (issue 12): jvirt and libvirt side by side in one run, each
# through its daemon's API (jvirtd's REST API with JvirtClient, bench/XmlBench.java; libvirtd
# with python3-libvirt, bench/libvirt_xml.py). Two parts:
#  1. Define throughput of a realistic Windows 11 definition: virt-install's own `win11` output
#     (jvirt-it/src/test/resources/virtinst/win11.xml: q35, UEFI, TPM, spice, 14 pcie-root-ports),
#     the disk and ISO it names made as small files in the temporary directory. COUNT distinct
#     domains (own name, UUID and MAC address), the median of three runs each side, then all
#     undefined. Every definition is durable before the reply on both sides (jvirtd journals and
#     fdatasyncs; libvirtd writes its XML file with fsync and rename).
#  2. The corpus gauge: define + dumpxml + undefine of libvirt's x86 corpus inputs
#     (scripts/libvirt-corpus.sh; the selection of io.jvirt.it.corpus.Corpus, 855 files), each side
#     the files it defines (`own`), and again the files both define (`common`); files/s and total
#     time, medians of RUNS passes after untimed ones (1000 files at least: a warm daemon and client).
# A side that refuses a document says so (`jvirt_win11_define: refused (its message)`), and the
# ratios that need it say n/a. Prints `name: value unit` lines. Needs root: libvirtd is the
# private, namespaced system-mode one of bench/libvirt-private.sh, removed on exit with its
# namespace. Each side's per-file refusals are kept in /tmp/jvxmlbench-{jvirt,libvirt}-refusals.tsv.
#   bench/xml.sh [COUNT [RUNS]]       (1000 Windows 11 domains, 3 timed corpus passes)
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
COUNT=${1:-1000}
RUNS=${2:-3}
CLIENTS=16                # jvirt's concurrent clients, as in the define bench; libvirt uses one
NS=jvxmlbench$$
WIN11="$HERE/jvirt-it/src/test/resources/virtinst/win11.xml"
# shellcheck source=bench/libvirt-private.sh
source "$HERE/bench/libvirt-private.sh"
lv_install_packages python3-libvirt qemu-system-x86 qemu-utils
bench_build
CORPUS="$(bash "$HERE/scripts/libvirt-corpus.sh")"
TMP="$(mktemp -d /tmp/jvxmlbench.XXXXXX)"
chmod 755 "$TMP"
# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() {
    jvirtd_stop
    lv_stop
    lv_netns_delete "$NS"
    cp "$TMP/jvirt.refused" /tmp/jvxmlbench-jvirt-refusals.tsv 2>/dev/null || true
    cp "$TMP/libvirt.refused" /tmp/jvxmlbench-libvirt-refusals.tsv 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
jx() { "$BENCH_JAVA" -cp "$BENCH_CP" "$HERE/bench/XmlBench.java" "$@"; }
lx() { /usr/bin/python3 "$HERE/bench/libvirt_xml.py" "$@"; }
out() { tee -a "$TMP/results"; }   # a result line, printed and kept for the ratios
val() { awk -v k="$1:" '$1 == k && $2 ~ /^[0-9.]+$/ {print $2; exit}' "$TMP/results"; }
ratio() { # NAME NUMERATOR-KEY DENOMINATOR-KEY NOTE
    local a b
    a=$(val "$2"); b=$(val "$3")
    if [[ -n "$a" && -n "$b" ]]; then
        awk -v n="$1" -v a="$a" -v b="$b" -v note="$4" 'BEGIN {printf "%s: %.2f x (%s)\n", n, a / b, note}'
    else
        echo "$1: n/a (no figure for $([[ -z "$a" ]] && echo "$2" || echo "$3"); see the lines above)"
    fi
}

echo "date: $(date -u '+%Y-%m-%d %H:%M') UTC"
echo "machine_load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min load average; $(nproc) CPUs)"
echo "jvirt_version: $("$HERE/jvirt" --version | head -1)"
echo "libvirt_version: $(libvirtd --version | awk '{print $NF}')"

# --- daemons ------------------------------------------------------------------
jvirtd_start "$TMP"
echo "jvirtd_start_to_first_answer: $JV_START_MS ms"
lv_netns_create "$NS"
LV_CAPS_CACHE=${LV_CAPS_CACHE:-/var/cache/jvirt/libvirt-qemu-caps} lv_start "$NS" "$TMP/lv"

# --- 1. Windows 11 define throughput --------------------------------------------
# The template: virt-install's document without the set's header comment, with placeholders for
# what differs between domains, and every file it names made small in $TMP/win11.
mkdir -p "$TMP/win11"
sed -e '/^<!--/,/-->$/d' -e 's|<name>[^<]*</name>|<name>@NAME@</name>|' -e 's|<uuid>[^<]*</uuid>|<uuid>@UUID@</uuid>|' \
    -e 's|<mac address="[^"]*"/>|<mac address="@MAC@"/>|' "$WIN11" > "$TMP/win11.xml"
grep -o 'file="[^"]*"' "$TMP/win11.xml" | sed 's/^file="//; s/"$//' | sort -u > "$TMP/win11.paths"
while IFS= read -r path; do
    small="$TMP/win11/${path##*/}"
    case "$small" in
        *.qcow2) qemu-img create -q -f qcow2 "$small" 64G ;;   # virt-install's --disk size=64
        *) head -c 1M /dev/zero > "$small" ;;
    esac
    sed -i "s|file=\"$path\"|file=\"$small\"|" "$TMP/win11.xml"
done < "$TMP/win11.paths"
for p in @NAME@ @UUID@ @MAC@; do
    [[ $(grep -c "$p" "$TMP/win11.xml") == 1 ]] || { echo "xml.sh: $WIN11 did not give one $p" >&2; exit 1; }
done
jx win11 "$JV_SOCK" "$TMP/win11.xml" "$COUNT" "$CLIENTS" jx- | out
lx win11 "$LV_URI" "$TMP/win11.xml" "$COUNT" lx- | out
ratio win11_define_throughput_ratio jvirt_win11_define_throughput libvirt_win11_define_throughput \
    "jvirt over libvirt, $COUNT domains, median of 3; target >= 5" | out

# --- 2. the corpus gauge -----------------------------------------------------------
jx corpus-select "$CORPUS" "$TMP/corpus.txt" | out
total=$(wc -l < "$TMP/corpus.txt")
jx corpus-probe "$JV_SOCK" "$TMP/corpus.txt" "$TMP/jvirt.accepted" "$TMP/jvirt.refused"
lx corpus-probe "$LV_URI" "$TMP/corpus.txt" "$TMP/libvirt.accepted" "$TMP/libvirt.refused"
comm -12 <(sort "$TMP/jvirt.accepted") <(sort "$TMP/libvirt.accepted") > "$TMP/both.accepted"
comm -23 <(sort "$TMP/jvirt.accepted") <(sort "$TMP/libvirt.accepted") > "$TMP/jvirt-only.accepted"
{
    echo "jvirt_corpus_defined: $(wc -l < "$TMP/jvirt.accepted") of $total files"
    echo "libvirt_corpus_defined: $(wc -l < "$TMP/libvirt.accepted") of $total files"
    echo "both_corpus_defined: $(wc -l < "$TMP/both.accepted") of $total files"
    echo "jvirt_only_corpus_defined: $(wc -l < "$TMP/jvirt-only.accepted") files (libvirt refuses them:" \
        "$(sed 's|.*/||' "$TMP/jvirt-only.accepted" | awk 'NR <= 10 {printf "%s%s", (NR > 1 ? " " : ""), $0} NR == 11 {printf " ..."}'))"
} | out
# What jvirt refuses most among the files libvirt defines: each problem of a message once per file,
# without its line number.
sed 's|.*/||' "$TMP/libvirt.accepted" | awk -F'\t' 'NR == FNR {ok[$1] = 1; next} ($1 in ok) {
        n = split($2, part, / \| /); delete seen
        for (i = 1; i <= n; i++) {
            r = part[i]; sub(/^(domain XML )?line [0-9]+: /, "", r)
            if (r ~ /^domain XML has [0-9]+ problems:?$/ || (r in seen)) continue
            seen[r] = 1; count[r]++
        }
    } END {for (r in count) printf "%d\t%s\n", count[r], r}' - "$TMP/jvirt.refused" \
    | sort -t"$(printf '\t')" -k1,1nr -k2 \
    | awk -F'\t' 'NR <= 5 {printf "jvirt_corpus_refusal_%d: %d files: %s\n", NR, $1, $2}' | out
# Timed passes, each after untimed ones, alternating between the sides so that both meet the same
# load; the median pass of each side and set.
corpus_list() { if [[ $2 == own ]]; then echo "$TMP/$1.accepted"; else echo "$TMP/both.accepted"; fi; } # SIDE SET
for _ in $(seq "$RUNS"); do
    for set in own common; do
        [[ -s "$(corpus_list jvirt "$set")" ]] && jx corpus-pass "$JV_SOCK" "$(corpus_list jvirt "$set")" >> "$TMP/jvirt.$set.passes"
        [[ -s "$(corpus_list libvirt "$set")" ]] && lx corpus-pass "$LV_URI" "$(corpus_list libvirt "$set")" >> "$TMP/libvirt.$set.passes"
    done
done
for set in own common; do
    for side in jvirt libvirt; do
        n=$(wc -l < "$(corpus_list "$side" "$set")")
        if (( n == 0 )); then echo "${side}_corpus_${set}_time: none (no files)"; continue; fi
        # a pass line: NAME: MS ms DEFINE DUMPXML UNDEFINE ms/file (...)
        sort -n -k2 "$TMP/$side.$set.passes" | awk -v p="${side}_corpus_$set" -v n="$n" '{line[NR] = $0} END {
            split(line[int((NR + 1) / 2)], f, " ")
            printf "%s_time: %.0f ms (%d files, median of %d passes)\n", p, f[2], n, NR
            printf "%s_rate: %.0f files/s\n", p, n / (f[2] / 1000)
            printf "%s_steps: define %.2f, dumpxml %.2f, undefine %.2f ms/file\n", p, f[4], f[5], f[6] }'
    done
done | out
ratio corpus_own_rate_ratio jvirt_corpus_own_rate libvirt_corpus_own_rate \
    "jvirt over libvirt, files/s, each over the files it defines; target > 1" | out
ratio corpus_common_rate_ratio jvirt_corpus_common_rate libvirt_corpus_common_rate \
    "jvirt over libvirt, files/s, the same files" | out
echo "machine_load_at_end: $(cut -d' ' -f1-3 /proc/loadavg)"
