#!/usr/bin/env bash
# The fetch rows of BENCHMARKS.md: `readmore fetch` against `newsboat -x reload` (reload-threads
# 8) on the same feeds from a loopback server (examples/feed_server.rs) that delays every answer,
# in one run. Needs newsboat and hyperfine (apt-get install -y newsboat hyperfine).
#
#   bash benches/fetch.sh [FEEDS] [ITEMS] [LATENCY_MS]      (defaults: 200 50 30)
set -euo pipefail
cd "$(dirname "$0")/.."
FEEDS=${1:-200} ITEMS=${2:-50} LATENCY=${3:-30}
DATA=$(mktemp -d /tmp/readmore-fetch.XXXXXX)
trap 'kill "$SERVER" 2>/dev/null; rm -rf "$DATA"' EXIT
export XDG_CACHE_HOME="$DATA/cache" XDG_STATE_HOME="$DATA/state" XDG_DATA_HOME="$DATA/data" \
    XDG_CONFIG_HOME="$DATA/config"
cargo build --release --bin readmore --example feed_server
RM=target/release/readmore
target/release/examples/feed_server --feeds "$FEEDS" --items "$ITEMS" --latency-ms "$LATENCY" \
    --urls "$DATA/urls" > "$DATA/server.log" &
SERVER=$!
while [ ! -s "$DATA/urls" ]; do sleep 0.1; done
echo "reload-threads 8" > "$DATA/newsboat.conf"

echo "== first fetch of $FEEDS feeds x $ITEMS items, ${LATENCY} ms per request, empty library"
hyperfine --runs 5 \
    --prepare "rm -f $DATA/cache.db" \
    "newsboat -u $DATA/urls -c $DATA/cache.db -C $DATA/newsboat.conf -x reload" \
    --prepare "rm -rf $DATA/lib && mkdir $DATA/lib && $RM --articles $DATA/lib feeds import $DATA/urls > /dev/null" \
    "$RM --articles $DATA/lib fetch > /dev/null"

echo "== second fetch, every feed unchanged (304)"
hyperfine --warmup 1 --runs 10 "$RM --articles $DATA/lib fetch > /dev/null"

echo "== peak RSS of the first fetch"
rm -rf "$DATA/lib" && mkdir "$DATA/lib" && "$RM" --articles "$DATA/lib" feeds import "$DATA/urls" > /dev/null
/usr/bin/time -f "readmore fetch: %M KB peak RSS, %e s" "$RM" --articles "$DATA/lib" fetch > /dev/null
rm -f "$DATA/cache.db"
/usr/bin/time -f "newsboat -x reload: %M KB peak RSS, %e s" \
    newsboat -u "$DATA/urls" -c "$DATA/cache.db" -C "$DATA/newsboat.conf" -x reload
echo "articles written: $(find "$DATA/lib" -name '*.txt' | wc -l)"
