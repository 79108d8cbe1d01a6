#!/usr/bin/env bash
# The whole-process rows of BENCHMARKS.md ("Start, load and memory"), side by side with
# the reference tools in one run. Needs hyperfine, ripgrep and fzf (apt-get install -y hyperfine
# ripgrep fzf) and about 5 GB free under DATA.
#
#   bash benches/targets.sh [DATA]        (DATA defaults to /tmp/readmore-targets)
#
# The criterion rows come from `cargo bench --bench readmore`.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-/tmp/readmore-targets}
mkdir -p "$DATA"
export XDG_CACHE_HOME="$DATA/cache" XDG_STATE_HOME="$DATA/state"
cargo build --release --bin readmore --examples
RM=target/release/readmore
EX=target/release/examples

for n in 100000 1000000; do
    [ -e "$DATA/lib$n/.complete" ] || {
        rm -rf "$DATA/lib$n"
        /usr/bin/time -f "generated $n articles in %e s" "$EX/gen_corpus" --articles "$n" --out "$DATA/lib$n"
        touch "$DATA/lib$n/.complete"
    }
    echo "lib$n: $(find "$DATA/lib$n" -name '*.txt' | wc -l) files, $(du -sb --apparent-size "$DATA/lib$n" | cut -f1) bytes"
done

echo "== first screen and peak RSS, second start (caches warm), then 5 s of background work"
for n in 100000 1000000; do
    "$RM" --no-state --articles "$DATA/lib$n" check --warn-only > /dev/null || true
    "$EX/first_screen" --runs 1 --settle 30 -- --no-state --articles "$DATA/lib$n" > /dev/null
    "$EX/first_screen" --runs 5 --settle 5 --change "$DATA/lib$n/0000/0000000.txt" -- --no-state --articles "$DATA/lib$n"
done

echo "== readmore check, second run, against reading every file"
hyperfine --warmup 2 --runs 8 \
    "find $DATA/lib100000 -name '*.txt' -print0 | xargs -0 cat > /dev/null" \
    "$RM --no-state --articles $DATA/lib100000 check --warn-only > /dev/null"

echo "== full-text search, whole process, index warm, against ripgrep"
hyperfine --warmup 2 --runs 10 \
    "rg -il korea $DATA/lib100000 > /dev/null" \
    "$RM --no-state --articles $DATA/lib100000 search 'korea defence' > /dev/null"

echo "== first index build (no cache at all) against reading every file"
hyperfine --runs 3 \
    --prepare "rm -rf $DATA/cold" \
    "find $DATA/lib100000 -name '*.txt' -print0 | xargs -0 cat > /dev/null" \
    "XDG_CACHE_HOME=$DATA/cold $RM --no-state --articles $DATA/lib100000 search 'korea defence' > /dev/null"

echo "== full-text keystrokes at 1M (index built on the first run)"
"$EX/fulltext_keystroke" --articles "$DATA/lib1000000" --cache "$DATA/ft1m" --rounds 10

echo "== title search reference: one fzf over 1M long titles"
[ -e "$DATA/titles1m-long.txt" ] || "$EX/gen_corpus" --titles-only 1000000 --long-titles --out "$DATA/titles1m-long.txt"
hyperfine --warmup 2 --runs 10 "fzf --filter 'korea defence' < $DATA/titles1m-long.txt > /dev/null"
