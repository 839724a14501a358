#!/usr/bin/env bash
# Sync through a real sync engine: two Syncthing daemons (the Debian
# package: apt-get install -y syncthing), each with its own home, listening
# on 127.0.0.1 only, with global and local discovery, relays, NAT traversal,
# usage reporting and crash reporting off, share one folder. Two hone
# collections answer on both sides, in turns; after each turn the script
# times how long the other side takes to hold the very same states
# (Syncthing's copy, with its file watcher at a 1 s delay, plus hone sync
# polled every 0.2 s), then checks that both converge and check clean.
# Not part of CI.
#
#   bench/sync-syncthing.sh [ROUNDS]     (default 10; each round 20 answers)
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-10}
command -v syncthing >/dev/null || { echo "syncthing is not installed (apt-get install -y syncthing)" >&2; exit 1; }
work=$(mktemp -d /tmp/hone-syncthing.XXXXXX)
pids=()
cleanup() {
  [ -n "${KEEP:-}" ] && { echo "kept $work" >&2; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; return; }
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/hone" ./cmd/hone
go build -o "$work/synchelper" ./bench/synchelper
export XDG_CONFIG_HOME="$work/config" # no settings file: sync is run by hand

key=hone-bench-key
gui=(18384 18385)
listen=(22000 22001)
ids=()
for i in 0 1; do
  home="$work/st$i"
  syncthing generate --home="$home" --no-default-folder --skip-port-probing >/dev/null 2>&1
  python3 - "$home/config.xml" "${listen[$i]}" <<'EOF'
import sys, xml.etree.ElementTree as ET
path, port = sys.argv[1], sys.argv[2]
tree = ET.parse(path)
opts = tree.getroot().find("options")
def put(tag, value):
    for el in opts.findall(tag):
        opts.remove(el)
    ET.SubElement(opts, tag).text = value
put("listenAddress", f"tcp://127.0.0.1:{port}")
for tag in ("globalAnnounceEnabled", "localAnnounceEnabled", "relaysEnabled", "natEnabled",
            "startBrowser", "crashReportingEnabled"):
    put(tag, "false")
put("urAccepted", "-1")
put("autoUpgradeIntervalH", "0")
tree.write(path)
EOF
  ids+=("$(syncthing serve --home="$home" --device-id)")
  mkdir -p "$work/folder$i"
done
for i in 0 1; do
  STNOUPGRADE=1 syncthing serve --home="$work/st$i" --no-browser --no-restart \
    --gui-address="http://127.0.0.1:${gui[$i]}" --gui-apikey="$key" \
    --logfile="$work/st$i.log" >/dev/null 2>&1 &
  pids+=($!)
done
api() { # api N METHOD PATH [JSON]
  curl -sf -X "$2" -H "X-API-Key: $key" -H 'Content-Type: application/json' \
    "http://127.0.0.1:${gui[$1]}$3" ${4:+-d "$4"}
}
for i in 0 1; do
  for _ in $(seq 100); do api "$i" GET /rest/system/ping >/dev/null 2>&1 && break; sleep 0.1; done
done
for i in 0 1; do
  o=$((1 - i))
  api "$i" POST /rest/config/devices "{\"deviceID\":\"${ids[$o]}\",\"name\":\"st$o\",\"addresses\":[\"tcp://127.0.0.1:${listen[$o]}\"]}"
  api "$i" POST /rest/config/folders "{\"id\":\"hone\",\"label\":\"hone\",\"path\":\"$work/folder$i\",\"type\":\"sendreceive\",\"rescanIntervalS\":3600,\"fsWatcherEnabled\":true,\"fsWatcherDelayS\":1,\"devices\":[{\"deviceID\":\"${ids[0]}\"},{\"deviceID\":\"${ids[1]}\"}]}"
done

hone() { "$work/hone" --db "$work/c$1.db" "${@:2}"; }
now() { date +%s.%N; }

# Collection 0 imports a deck; both name their device.
printf -- '---\ndeck: Bench\n---\n# T\n' >"$work/bench.md"
for n in $(seq 60); do printf '## Question %d?\nAnswer %d.\n\n' "$n" "$n" >>"$work/bench.md"; done
hone 0 import "$work/bench.md" >/dev/null
hone 0 devices rename laptop >/dev/null
hone 1 devices rename desktop >/dev/null

times=()
for r in $(seq "$rounds"); do
  from=$(((r + 1) % 2)); to=$((r % 2))
  hone "$from" sync "$work/folder$from" >/dev/null   # what came in before
  "$work/synchelper" answer -db "$work/c$from.db" -n 20 -seed "$r"
  hone "$from" sync "$work/folder$from" >/dev/null
  start=$(now)
  for _ in $(seq 300); do
    hone "$to" sync "$work/folder$to" >/dev/null 2>"$work/err" || true
    if "$work/synchelper" compare "$work/c$from.db" "$work/c$to.db" >/dev/null 2>&1; then break; fi
    sleep 0.2
  done
  "$work/synchelper" compare "$work/c$from.db" "$work/c$to.db" >/dev/null || { echo "round $r: no convergence" >&2; cat "$work/err" >&2; exit 1; }
  t=$(python3 -c "print(f'{$(now) - $start:.2f}')")
  times+=("$t")
  echo "round $r: collection $from -> $to in $t s"
done

# Both ways once more, then the end state: the same, and clean.
for i in 0 1 0 1; do hone "$i" sync "$work/folder$i" >/dev/null; sleep 1.5; done
"$work/synchelper" compare "$work/c0.db" "$work/c1.db"
hone 0 check >/dev/null && hone 1 check >/dev/null && echo "both check clean"
hone 0 sync --status "$work/folder0"
python3 - "${times[@]}" <<'EOF'
import statistics, sys
t = sorted(float(x) for x in sys.argv[1:])
q = statistics.quantiles(t, n=4) if len(t) > 1 else [t[0]] * 3
print(f"convergence after a turn of 20 answers: median {statistics.median(t):.2f} s "
      f"(p25 {q[0]:.2f}, p75 {q[2]:.2f}, min {t[0]:.2f}, max {t[-1]:.2f}; {len(t)} rounds)")
EOF
