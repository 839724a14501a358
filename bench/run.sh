#!/usr/bin/env bash
# Measures every figure of BENCHMARKS.md and keeps the raw output in $OUT.
#
#   bench/run.sh              # everything (about 10 minutes on 2 cores)
#   RUNS=7 bench/run.sh       # fewer runs per first-frame figure
#   ONLY="answers go" bench/run.sh   # some parts: firstframe answers commands go
#
# The collections are generated into $OUT once and reused; delete them to
# build them again. Needs go, python3, hyperfine and /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/hone-bench}
RUNS=${RUNS:-15}
mkdir -p "$OUT"
ONLY=${ONLY:-firstframe answers commands go}
want() { [[ " $ONLY " == *" $1 "* ]]; }
log() { printf '\n== %s (load: %s)\n' "$*" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/log.txt"; }

log machine
{ nproc; free -m; uname -r; go version; } | tee "$OUT/machine.txt"

log build
go build -o "$OUT/hone" ./cmd/hone
go build -o "$OUT/floor" ./bench/floor
go build -o "$OUT/gen" ./internal/gen
ls -l "$OUT/hone" "$OUT/floor" | tee "$OUT/sizes.txt"

log collections
gen() { # cards log name
	[ -f "$OUT/$3.db" ] || /usr/bin/time -f "$3: %e s wall, %U s user, %S s sys, %M KB max RSS" \
		"$OUT/gen" -q -decks 20 -cards "$1" -log "$2" -db "$OUT/$3.db" 2>&1 | tee -a "$OUT/gen.txt"
}
gen 10000 10000 c10k-l10k
gen 10000 100000 c10k-l100k
gen 10000 1000000 c10k-l1m
gen 100000 10000 c100k-l10k
gen 100000 1000000 c100k-l1m
[ -f "$OUT/md/hone-50000.md" ] || "$OUT/gen" -md "$OUT/md" -md-cards 10000,50000
ls -l "$OUT"/*.db "$OUT"/md/*.md | tee -a "$OUT/sizes.txt"
go run ./bench/pagefault "$OUT/c100k-l1m.db" | tee "$OUT/pagefault.txt"

ff() { # name args...
	local name=$1
	shift
	python3 bench/firstframe.py --runs "$RUNS" --warmup 3 --json "$@" >"$OUT/ff-$name.json"
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["first_frame_ms"]; print("%-22s median %6.1f ms  p25 %6.1f  p75 %6.1f  min %6.1f  max %6.1f" % (sys.argv[2], s["median"], s["p25"], s["p75"], s["min"], s["max"]))' \
		"$OUT/ff-$name.json" "$name" | tee -a "$OUT/firstframe.txt"
}
if want firstframe; then
log first frame, 100x30
: >"$OUT/firstframe.txt"
ff floor --marker floor -- "$OUT/floor"
ff floor-tea --marker floor -- "$OUT/floor" -tea
for db in c10k-l10k c10k-l100k c10k-l1m c100k-l10k c100k-l1m; do
	HONE_DB="$OUT/$db.db" ff "$db" -- "$OUT/hone" review
done
ff floor-again --marker floor -- "$OUT/floor"
fi

if want answers; then
log answers in the pty, and memory
for db in c10k-l100k c100k-l1m; do
	cp "$OUT/$db.db" "$OUT/answer.db"
	HONE_DB="$OUT/answer.db" python3 bench/firstframe.py --runs 1 --warmup 1 --answers 50 --status -- "$OUT/hone" review |
		tee "$OUT/answers-$db.txt"
	cp "$OUT/$db.db" "$OUT/answer.db"
	for i in 1 2 3 4 5; do
		HONE_DB="$OUT/answer.db" python3 bench/firstframe.py --runs 1 --warmup 0 --answers 20 -- \
			/usr/bin/time -v -o "$OUT/time-$db-$i.txt" "$OUT/hone" review >/dev/null
		grep "Maximum resident" "$OUT/time-$db-$i.txt"
	done | tee "$OUT/rss-$db.txt"
done
rm -f "$OUT/answer.db"
fi

if want commands; then
log commands, hyperfine
hf() { # name hyperfine-args...
	local name=$1
	shift
	hyperfine -N --export-json "$OUT/hf-$name.json" "$@" | tee "$OUT/hf-$name.txt"
}
hf version --warmup 3 -r 20 "$OUT/floor -h" "$OUT/hone --version"
hf stats --warmup 3 -r 15 \
	"env HONE_DB=$OUT/c10k-l10k.db $OUT/hone stats --json" \
	"env HONE_DB=$OUT/c100k-l1m.db $OUT/hone stats --json" \
	"env HONE_DB=$OUT/c100k-l1m.db $OUT/hone due"
hf import --warmup 1 -r 7 --prepare "rm -f $OUT/import.db" \
	"env HONE_DB=$OUT/import.db $OUT/hone import $OUT/md/hone-10000.md" \
	"env HONE_DB=$OUT/import.db $OUT/hone import $OUT/md/hone-50000.md"
rm -f "$OUT/import.db"
fi

if want go; then
log go benchmarks
go test -bench . -run '^$' -count 5 ./tui | tee "$OUT/bench-tui.txt"
go test -bench 'Fsync|Answer|OpenClose|ReadOp' -run '^$' -count 5 ./srs | tee "$OUT/bench-srs.txt"
HONE_BENCH_DB="$OUT/c100k-l1m.db" go test -bench . -run '^$' -count 5 ./internal/gen | tee "$OUT/bench-gen.txt"
fi

log done
echo "raw results in $OUT"
