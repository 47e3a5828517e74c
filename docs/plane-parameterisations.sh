#!/usr/bin/env bash
# Reproduces the table of docs/plane.md, "Prediction targets and variances": for each preset, a model
# per prediction target (eps, x0, mean, v) with fixed variance and eps, x0 with learned variance,
# trained with T = 1000 and the linear schedule (Ho et al.'s); DDPM samples at 1000, 100 and 50 respaced steps scored by energy distance
# against the floor (toy --eval), and the variational bound of 1,000 held-out points (toy --nll-of).
# Then the extras: the fixed-variance models sampled at 100 / 50 steps and scored with fixed-small, and
# x0 with learned variance. A run whose output exists is skipped, so an interrupted script resumes.
# Usage: docs/plane-parameterisations.sh [presets...]   (JAR, OUT override the jar and the output folder)
set -euo pipefail
JAR=${JAR:-target/ddpm-explorer.jar}
OUT=${OUT:-target/plane-parameterisations}
PRESETS=${*:-two-moons checkerboard spiral}
mkdir -p "$OUT"
TIMEFORMAT='%U %S'
toy() { # toy LOG ARGS...: one run, one at a time, niced, one native thread; CPU seconds appended to OUT/cpu.txt
  local log=$1; shift
  { time OMP_NUM_THREADS=1 nice -n 5 java -jar "$JAR" toy "$@" >"$log" 2>"$log.err"; } 2>>"$OUT/cpu.txt"
}
run() { # run PRESET PREDICTION VARIANCE: train with T = 1000, sample at 1000 / 100 / 50 steps, bound of the held-out points
  local d=$1 p=$2 v=$3 held=$OUT/$1-held.csv m=$OUT/$1-$2-$3.toy
  # held-out points: the preset drawn with another seed, standardised, as --data-out writes them
  [ -f "$held" ] || toy "$OUT/$d-held.log" --dataset "$d" --seed 100 --points 1000 --train-steps 1 --samples 1 \
      --timesteps 20 --out "$OUT/ignored.csv" --data-out "$held"
  [ -f "$OUT/$d-$p-$v-1000.txt" ] || toy "$OUT/$d-$p-$v-1000.txt" --dataset "$d" --seed 0 --timesteps 1000 --schedule linear --train-steps 2000 --lr 3e-3 \
      --prediction "$p" --variance "$v" --eval --nll-of "$held" --out "$OUT/samples.csv" --model-out "$m"
  for k in 100 50; do
    [ -f "$OUT/$d-$p-$v-$k.txt" ] || toy "$OUT/$d-$p-$v-$k.txt" --model-in "$m" --dataset "$d" --seed 0 \
        --sample-steps "$k" --eval --out "$OUT/samples.csv"
  done
}
small() { # small PRESET PREDICTION: the fixed-large model sampled and scored with fixed-small instead
  local d=$1 p=$2 m=$OUT/$1-$2-fixed-large.toy
  [ -f "$OUT/$d-$p-fixed-small-100.txt" ] || toy "$OUT/$d-$p-fixed-small-100.txt" --model-in "$m" --variance fixed-small \
      --dataset "$d" --seed 0 --sample-steps 100 --eval --out "$OUT/samples.csv"
  [ -f "$OUT/$d-$p-fixed-small-50.txt" ] || toy "$OUT/$d-$p-fixed-small-50.txt" --model-in "$m" --variance fixed-small \
      --dataset "$d" --seed 0 --sample-steps 50 --eval --nll-of "$OUT/$d-held.csv" --out "$OUT/samples.csv"
}
# every preset's four predictions with fixed variance and eps with learned variance first, then the extras
for d in $PRESETS; do
  for pv in eps:fixed-large x0:fixed-large mean:fixed-large v:fixed-large eps:learned; do run "$d" "${pv%%:*}" "${pv##*:}"; done
done
for d in $PRESETS; do small "$d" eps; done
for d in $PRESETS; do run "$d" x0 learned; done
for d in $PRESETS; do for p in x0 mean v; do small "$d" "$p"; done; done
# the table: energy-distance ratio to the floor at 1000 / 100 / 50 steps, and the bound in nats per point
field() { [ -f "$1" ] && sed -n "s/.*$2 \([-0-9.]*\).*/\1/p" "$1" | head -1 || true; }
echo "| preset | prediction | variance | ratio 1000 steps | ratio 100 | ratio 50 | nll_nats (held-out) |"
echo "|---|---|---|---|---|---|---|"
for d in $PRESETS; do
  for pv in eps:fixed-large eps:fixed-small x0:fixed-large x0:fixed-small mean:fixed-large mean:fixed-small \
      v:fixed-large v:fixed-small eps:learned x0:learned; do
    p=${pv%%:*}; v=${pv##*:}; f=$OUT/$d-$p-$v
    nll=$(field "$f-1000.txt" nll_nats); [ -n "$nll" ] || nll=$(field "$f-50.txt" nll_nats)
    echo "| $d | $p | $v | $(field "$f-1000.txt" ratio) | $(field "$f-100.txt" ratio) | $(field "$f-50.txt" ratio) | $nll |"
  done
done
awk '{u += $1; s += $2} END {printf "CPU of all runs: %.0f s user + %.0f s system\n", u, s}' "$OUT/cpu.txt"
