#!/usr/bin/env bash
# A 500 MB story under a raised max_article_bytes: peak RSS and time of `check`, `show` and
# `search`, and the reader's first screen (in tmux) with its peak RSS. Generates the story in
# target/bench-data/big (never in the repository). Usage: bash benches/big-article.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/readmore}
[ -x "$bin" ] || cargo build --release --bin readmore
bin=$(realpath "$bin")
data=target/bench-data/big
mkdir -p "$data/articles"
cd "$data"
if [ ! -s articles/huge.txt ]; then
  python3 - <<'PY'
import random
random.seed(7)
words = ("the harbour council said on monday that rising costs would delay the new bridge "
         "project until spring according to officials who asked not to be named").split()
with open("articles/huge.txt", "w") as f:
    f.write("The Enormous Report\n\n")
    size, n, chunk = 0, 0, []
    while size < 500 * 1024 * 1024:
        n += 1
        if n % 5000 == 0:
            line = f"Read More: Small Story {n % 3}\n\n"
        else:
            line = f"Paragraph {n}: " + " ".join(random.choice(words) for _ in range(60)) + ".\n\n"
        chunk.append(line)
        size += len(line)
        if len(chunk) > 10000:
            f.write("".join(chunk))
            chunk = []
    f.write("".join(chunk))
    f.write("The very last paragraph of the enormous report.\n")
for i in range(3):
    open(f"articles/small{i}.txt", "w").write(f"Small Story {i}\n\nA small body {i}.\n")
PY
fi
printf 'articles = "articles"\nmax_article_bytes = 1000000000\n' > config.toml
export XDG_CACHE_HOME=$PWD/cache XDG_STATE_HOME=$PWD/state XDG_DATA_HOME=$PWD/data
rm -rf cache state data
for command in "--no-cache check" "show huge.txt" "search harbour"; do
  /usr/bin/time -f "$command: %e s, peak RSS %M KB" "$bin" --config config.toml $command > /dev/null 2> time.txt || true
  tail -1 time.txt
done
# The reader: time until the first paragraph is on screen, then quit; peak RSS of the run.
rm -rf cache state data
session=readmore-big-$$
start=$(date +%s.%N)
tmux new-session -d -s "$session" -x 120 -y 40 \
  "/usr/bin/time -f '%M' -o tui.rss $bin --config config.toml"
until tmux capture-pane -p -t "$session" | grep -q "Paragraph 1:"; do sleep 0.05; done
echo "reader first screen: $(echo "$(date +%s.%N) - $start" | bc) s"
tmux send-keys -t "$session" Tab G
until tmux capture-pane -p -t "$session" | grep -q "very last paragraph"; do sleep 0.05; done
tmux send-keys -t "$session" q
while tmux has-session -t "$session" 2>/dev/null; do sleep 0.1; done
echo "reader peak RSS: $(cat tui.rss) KB"
