#!/usr/bin/env bash
# Reproduces docs/benchmarks.md, section "The quick-run preset": the curves of FID-FMNIST against
# training minutes for the quick preset and for the default settings (--preset full), seed 1,
# 60,000 training images. Minutes are quiet-machine step equivalents (see the section): the quick
# preset runs 355 steps a quiet minute, the default settings 146.
#
#   scripts/quick-curve.sh train quick|full [OPTIONS]  train, keeping the checkpoints of 1, 2, 5, 10, 25 minutes
#   scripts/quick-curve.sh resume quick|full    continue a stopped run from its last checkpoint
#   scripts/quick-curve.sh eval quick|full      score every kept checkpoint not yet scored
#   scripts/quick-curve.sh resource             write the measured curves as a CSV (minutes,quick_fid,full_fid),
#                                               the format of the Train tab's reference curve
#                                               (src/main/resources/org/ddpmexplorer/ui/training/quick-curve.csv)
#
# Environment: JAR (default target/ddpm-explorer.jar), FMNIST (folder with the 60,000-image training
# files), DIR (default /tmp/qd/curve). Figures are appended to DIR/curve.txt as
# 'RUN STEP MINUTES fid FID classes N'.
set -euo pipefail
JAR=${JAR:-target/ddpm-explorer.jar}
FMNIST=${FMNIST:-/usr/share/datasets/fashion-mnist}
DIR=${DIR:-/tmp/qd/curve}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
mkdir -p "$DIR"
steps_of() { case $1 in quick) echo "355 710 1775 3550 8870" ;; full) echo "146 293 732 1464 3660" ;; *) echo "run: quick or full" >&2; exit 2 ;; esac; }
minutes=(1 2 5 10 25)
cmd=${1:?usage: see the header}; run=${2:-}
case "$cmd" in
  train|resume)
    s=($(steps_of "$run")); keep=$(IFS=,; echo "${s[*]}")
    if [ "$cmd" = train ]; then
      java -jar "$JAR" train --preset "$run" --data fashion-mnist --fmnist-dir "$FMNIST" --seed 1 --steps "${s[4]}" \
          --minutes 10000 --keep-at "$keep" --checkpoint-every 250 --log "$DIR/$run.csv" --out "$DIR/$run.ckpt" \
          "${@:3}" >> "$DIR/$run.train.log" 2>&1
    else
      java -jar "$JAR" train --resume "$DIR/$run.ckpt" --data fashion-mnist --fmnist-dir "$FMNIST" --steps "${s[4]}" \
          --minutes 10000 --keep-at "$keep" --log "$DIR/$run.csv" --out "$DIR/$run.ckpt" >> "$DIR/$run.train.log" 2>&1
    fi
    ;;
  eval)
    s=($(steps_of "$run"))
    for i in 0 1 2 3 4; do
      ck="$DIR/$run-step${s[$i]}.ckpt"
      [ -e "$ck" ] || continue
      grep -q "^$run ${s[$i]} " "$DIR/curve.txt" 2>/dev/null && continue
      rm -rf "$DIR/$run-step${s[$i]}"
      java -jar "$JAR" sample --model "$ck" --sampler ddim --steps 50 --count 500 --seed 1 \
          --out "$DIR/$run-step${s[$i]}" > /dev/null 2>&1
      out=$(java -jar "$JAR" evaluate --samples "$DIR/$run-step${s[$i]}")
      echo "$run ${s[$i]} ${minutes[$i]} fid $(awk '/fid_fmnist/{print $3}' <<<"$out") classes $(awk '/classes_present/{print $3}' <<<"$out")" \
          | tee -a "$DIR/curve.txt"
    done
    ;;
  resource)
    # minutes,quick_fid,full_fid; an empty field where the point is not measured
    res=$DIR/quick-curve.csv
    { echo "minutes,quick_fid,full_fid"
      for m in "${minutes[@]}"; do
        q=$(awk -v m="$m" '$1=="quick" && $3==m {print $5}' "$DIR/curve.txt" | tail -1)
        f=$(awk -v m="$m" '$1=="full" && $3==m {print $5}' "$DIR/curve.txt" | tail -1)
        echo "$m,$q,$f"
      done; } > "$res.tmp" && mv "$res.tmp" "$res"
    echo "wrote $res"
    ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
