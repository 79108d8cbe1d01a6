#!/usr/bin/env bash
# The fetch rows of BENCHMARKS.md: `readmore fetch` against `newsboat -x reload` (reload-threads
# 8) on the same feeds from a loopback server (examples/feed_server.rs) that delays every answer,
# in one run. Needs newsboat and hyperfine (apt-get install -y newsboat hyperfine).
#
#   bash benches/fetch.sh [FEEDS] [ITEMS] [LATENCY_MS] [HOSTS]     (defaults: 200 50 30 50)
#
# The feeds are spread over HOSTS loopback addresses (127.0.0.1, .2, ...): readmore asks one
# host at most twice at once, as a polite client of real subscriptions (which live on many
# hosts) does, while newsboat has no such limit.
set -euo pipefail
cd "$(dirname "$0")/.."
FEEDS=${1:-200} ITEMS=${2:-50} LATENCY=${3:-30} HOSTS=${4:-50}
DATA=$(mktemp -d /tmp/readmore-fetch.XXXXXX)
trap 'kill "$SERVER" 2>/dev/null; rm -rf "$DATA"' EXIT
export XDG_CACHE_HOME="$DATA/cache" XDG_STATE_HOME="$DATA/state" XDG_DATA_HOME="$DATA/data" \
    XDG_CONFIG_HOME="$DATA/config"
cargo build --release --bin readmore --example feed_server
TARGET=${CARGO_TARGET_DIR:-target}
RM=$TARGET/release/readmore
"$TARGET"/release/examples/feed_server --feeds "$FEEDS" --items "$ITEMS" --latency-ms "$LATENCY" \
    --hosts "$HOSTS" --urls "$DATA/urls" > "$DATA/server.log" &
SERVER=$!
while [ ! -s "$DATA/urls" ]; do sleep 0.1; done
echo "reload-threads 8" > "$DATA/newsboat.conf"
# An empty library for each run. The last one is moved aside, not deleted: ext4 scans its
# recently freed inodes on every create, which made a fetch right after deleting 10,000
# stories two to three times slower than one into a fresh file system.
mkdir "$DATA/old"
FRESH_LIBRARY="mv $DATA/lib $DATA/old/\$(date +%s%N) 2>/dev/null; mkdir $DATA/lib && \
$RM --articles $DATA/lib feeds import $DATA/urls > /dev/null"

echo "== first fetch of $FEEDS feeds x $ITEMS items on $HOSTS hosts, ${LATENCY} ms per request, empty library"
hyperfine --runs 5 \
    --prepare "rm -f $DATA/cache.db" \
    "newsboat -u $DATA/urls -c $DATA/cache.db -C $DATA/newsboat.conf -x reload" \
    --prepare "$FRESH_LIBRARY" \
    "$RM --articles $DATA/lib fetch > /dev/null"

echo "== second fetch, every feed unchanged (304)"
hyperfine --warmup 1 --runs 10 "$RM --articles $DATA/lib fetch > /dev/null"

echo "== peak RSS of the first fetch"
sh -c "$FRESH_LIBRARY"
/usr/bin/time -f "readmore fetch: %M KB peak RSS, %e s" "$RM" --articles "$DATA/lib" fetch > /dev/null
rm -f "$DATA/cache.db"
/usr/bin/time -f "newsboat -x reload: %M KB peak RSS, %e s" \
    newsboat -u "$DATA/urls" -c "$DATA/cache.db" -C "$DATA/newsboat.conf" -x reload
echo "articles written: $(find "$DATA/lib" -name '*.txt' | wc -l)"
