#!/usr/bin/env bash
# Every row of BENCHMARKS.md's first table ("The targets, side by side in one quiet run"), each
# beside its reference tool, warm and (as root) with the page cache dropped before each run.
#
#   bash benches/table.sh [DATA]        (DATA defaults to /tmp/readmore-targets)
#
# DATA must hold lib100000 and lib1000000 (benches/targets.sh makes them; LONG=1 there for
# headline-like titles) and TITLES a million titles a line (default $DATA/titles1m-long.txt,
# made if missing). BASE=path/to/another/readmore measures that build's start beside this
# one's, run after run. CACHE=DIR keeps the caches, indexes and state there (default $DATA).
# The load average is printed before and after each part: a figure taken at a load above 2 is
# an upper bound. Needs hyperfine, ripgrep and fzf.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-/tmp/readmore-targets}
CACHE=${CACHE:-$DATA}
TITLES=${TITLES:-$DATA/titles1m-long.txt}
export XDG_CACHE_HOME="$CACHE/cache" XDG_STATE_HOME="$CACHE/state"
cargo build --release --bin readmore --example first_screen --example title_keystrokes --example gen_corpus
RM=target/release/readmore
EX=target/release/examples
[ -e "$TITLES" ] || "$EX/gen_corpus" --long-titles --titles-only 1000000 --out "$TITLES"

if [ -w /proc/sys/vm/drop_caches ]; then
    can_drop=1
    drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }
else
    can_drop=
    echo "cannot drop the page cache here (needs root): no cold rows"
fi
# Each build its own cache folder: their cache formats may differ.
cache_of() { echo "$CACHE/cache-$(cksum < "$1" | cut -d' ' -f1)"; }
screen() { # BIN LIB SETTLE
    XDG_CACHE_HOME=$(cache_of "$1") "$EX/first_screen" --bin "$1" --runs 1 --settle "$3" \
        -- --no-state --articles "$2" | tail -1
}

echo "== first screen and peak RSS, second start; load $(uptime)"
for n in 100000 1000000; do
    lib="$DATA/lib$n"
    settle=$([ "$n" = 100000 ] && echo 5 || echo 3)
    echo "lib$n: $(du -sb --apparent-size "$lib" | cut -f1) bytes"
    for bin in "$RM" ${BASE:+"$BASE"}; do
        # The first start writes the cache; the full-text index of 100k is built meanwhile.
        XDG_CACHE_HOME=$(cache_of "$bin") "$EX/first_screen" --bin "$bin" --runs 1 --settle 30 \
            -- --no-state --articles "$lib" > /dev/null
    done
    for run in 1 2 3; do
        for bin in "$RM" ${BASE:+"$BASE"}; do
            echo -n "warm, $bin: "
            screen "$bin" "$lib" "$settle"
        done
    done
    if [ -n "$can_drop" ]; then
        for run in 1 2; do
            for bin in "$RM" ${BASE:+"$BASE"}; do
                drop
                echo -n "cold, $bin: "
                screen "$bin" "$lib" "$settle"
            done
        done
    fi
    echo "load: $(uptime)"
done

lib="$DATA/lib100000"
echo "== check (second run) against cat, search against rg; load $(uptime)"
"$RM" --no-state --articles "$lib" search -l korea > /dev/null
"$RM" --no-state --articles "$lib" check --warn-only > /dev/null || true
echo "matches: readmore $("$RM" --no-state --articles "$lib" search -l korea | wc -l)," \
    "rg $(rg -il korea "$lib" | wc -l)"
# check exits 1 on a library with dangling links (the generator makes 5%): -i.
hyperfine -N -i --warmup 3 --runs 15 \
    "rg -il korea $lib" \
    "$RM --no-state --articles $lib search -l korea" \
    "$RM --no-state --articles $lib search 'korea defence'" \
    "$RM --no-state --articles $lib check --warn-only"
hyperfine -i --warmup 2 --runs 8 \
    "find $lib -name '*.txt' -print0 | xargs -0 cat > /dev/null"
if [ -n "$can_drop" ]; then
    hyperfine -i --runs 3 --prepare "sync; echo 3 > /proc/sys/vm/drop_caches" \
        "rg -il korea $lib" \
        "$RM --no-state --articles $lib search -l korea" \
        "$RM --no-state --articles $lib search 'korea defence'" \
        "$RM --no-state --articles $lib check --warn-only" \
        "find $lib -name '*.txt' -print0 | xargs -0 cat > /dev/null"
fi
echo "load: $(uptime)"

echo "== typing 'korea defence' into $TITLES against one fzf run; load $(uptime)"
hyperfine --warmup 1 --runs 5 "fzf --filter 'korea defence' < $TITLES"
"$EX/title_keystrokes" "$TITLES"
hyperfine --warmup 1 --runs 5 "fzf --filter 'korea defence' < $TITLES"
echo "load after: $(uptime)"
