#!/usr/bin/env bash
# The search and check rows of BENCHMARKS.md ("Search and check against grep, cat and fzf"),
# each side by side with its reference in one run: `readmore search -l` and the default search
# against `rg -il`, `readmore check` (second run) against reading every file with cat, and typing
# a title query against one `fzf --filter`, on the generator's titles and on headline-like
# titles, with the page cache warm and (as root) dropped. The load average is printed before and
# after: on a shared machine the ratios are what to compare. benches/targets.sh runs it last.
#
#   bash benches/search_targets.sh [DATA]      (DATA defaults to /tmp/readmore-targets)
#
# CACHE=DIR keeps the indexes and state there instead of under DATA (DATA is then only read
# once its libraries exist); SEARCH_ONLY=1 runs only the warm `search` rows against rg;
# KINDS="plain" (or "-long") takes only that library (plain: lib100000, -long: lib100000-long);
# BASE=BINARY runs another build's two warm searches in the same hyperfine run (copy it out of
# target/ first), to compare with the build before a change.
#
# Needs hyperfine, ripgrep and fzf (apt-get install -y hyperfine ripgrep fzf), ~1 GB under DATA.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-/tmp/readmore-targets}
CACHE=${CACHE:-$DATA}
mkdir -p "$DATA" "$CACHE"
export XDG_CACHE_HOME="$CACHE/cache" XDG_STATE_HOME="$CACHE/state"
cargo build --release --bin readmore --example gen_corpus --example title_keystrokes
RM=target/release/readmore
GEN=target/release/examples/gen_corpus
KINDS=${KINDS:-plain -long}

# lib100000: the generator's titles; lib100000-long: headline-like titles.
for kind in $KINDS; do
    kind=${kind#plain}
    lib="$DATA/lib100000$kind"
    [ -e "$lib/.complete" ] || {
        rm -rf "$lib"
        "$GEN" ${kind:+--long-titles} --articles 100000 --out "$lib"
        touch "$lib/.complete"
    }
    titles="$DATA/titles1m$kind.txt"
    [ -n "${SEARCH_ONLY:-}" ] || [ -e "$titles" ] || "$GEN" ${kind:+--long-titles} --titles-only 1000000 --out "$titles"
done
echo "load before: $(uptime)"

for kind in $KINDS; do
    kind=${kind#plain}
    lib="$DATA/lib100000$kind"
    echo "== lib100000$kind: $(du -sb --apparent-size "$lib" | cut -f1) bytes"
    # The first search indexes and records that the index vouches for the folder; the first
    # check keeps its report, which the second (the warm one) prints after a survey. `-l`
    # without a limit lists every match in path order, unranked, as `rg -l` lists files.
    "$RM" --no-state --articles "$lib" search -l korea > /dev/null
    [ -n "${SEARCH_ONLY:-}" ] || "$RM" --no-state --articles "$lib" check --warn-only > /dev/null || true
    echo "matches: readmore $("$RM" --no-state --articles "$lib" search -l korea | wc -l)," \
        "rg $(rg -il korea "$lib" | wc -l) (rg also counts Read More lines and words inside words)"
    echo "-- warm page cache (no shell: the user and system times are the commands' own)"
    base=()
    if [ -n "${BASE:-}" ]; then
        "$BASE" --no-state --articles "$lib" search -l korea > /dev/null
        base=("$BASE --no-state --articles $lib search -l korea"
            "$BASE --no-state --articles $lib search 'korea defence'")
    fi
    hyperfine -N --warmup 3 --runs 15 \
        "rg -il korea $lib" \
        "$RM --no-state --articles $lib search -l korea" \
        "$RM --no-state --articles $lib search 'korea defence'" \
        "${base[@]}"
    [ -z "${SEARCH_ONLY:-}" ] || continue
    hyperfine --warmup 2 --runs 8 \
        "find $lib -name '*.txt' -print0 | xargs -0 cat > /dev/null" \
        "$RM --no-state --articles $lib check --warn-only"
    echo "-- cold page cache"
    if [ -w /proc/sys/vm/drop_caches ]; then
        drop="sync; echo 3 > /proc/sys/vm/drop_caches"
        hyperfine --runs 3 --prepare "$drop" \
            "rg -il korea $lib" \
            "$RM --no-state --articles $lib search -l korea" \
            "$RM --no-state --articles $lib search 'korea defence'" \
            "find $lib -name '*.txt' -print0 | xargs -0 cat > /dev/null" \
            "$RM --no-state --articles $lib check --warn-only"
    else
        echo "cannot drop the page cache here (needs root): no cold rows"
    fi
done

[ -z "${SEARCH_ONLY:-}" ] || { echo "load after: $(uptime)"; exit 0; }
echo "== typing 'korea defence' into a million titles against one fzf run"
for kind in $KINDS; do
    kind=${kind#plain}
    titles="$DATA/titles1m$kind.txt"
    hyperfine --warmup 1 --runs 5 "fzf --filter 'korea defence' < $titles"
    READMORE_BENCH_TITLES="$titles" cargo bench --bench readmore -- \
        'search/(keystroke|type_query)_file/'
    # The same typing in CPU time, which compares with fzf's user + system on a busy machine.
    target/release/examples/title_keystrokes "$titles"
done
echo "load after: $(uptime)"
