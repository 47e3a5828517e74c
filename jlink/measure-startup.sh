#!/usr/bin/env bash
# Time from launching the app image to its window being mapped, in a virtual X display.
#   jlink/measure-startup.sh [LAUNCHER] [RUNS]
# The first run uses an empty HOME (a first launch: nothing cached, no preferences);
# the following runs reuse it (later launches). Needs xvfb-run and xdotool.
set -euo pipefail
launcher=$(realpath "${1:-target/dist/ddpm-explorer/bin/ddpm-explorer}")
runs=${2:-3}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
for i in $(seq 1 "$runs"); do
  HOME="$home" xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
    start=$(date +%s%N)
    "$0" >/tmp/ddpm-startup.log 2>&1 & pid=$!
    until xdotool search --onlyvisible --name "DDPM Explorer" >/dev/null 2>&1; do
      sleep 0.05
      if ! kill -0 $pid 2>/dev/null; then echo "the app exited:"; cat /tmp/ddpm-startup.log; exit 1; fi
      if (( ($(date +%s%N) - start) / 1000000 > 60000 )); then echo "no window after 60 s"; kill $pid; exit 1; fi
    done
    end=$(date +%s%N)
    read -r -a st < /proc/$pid/stat
    cpu=$(( (st[13] + st[14]) * 1000 / $(getconf CLK_TCK) ))
    echo "run '"$i"': window after $(( (end - start) / 1000000 )) ms, CPU $cpu ms"
    kill $pid; wait $pid 2>/dev/null || true' "$launcher"
done
