#!/usr/bin/env bash
# Reproduces docs/benchmarks.md, section "Prediction targets and variances on Fashion-MNIST":
# short runs of the quick preset (1,000 steps, seed 1, 60,000 training images), one per prediction
# target / variance / loss weighting, each scored by the project's evaluator.
#
#   scripts/prediction-targets.sh train NAME [TRAIN OPTIONS...]   train DIR/NAME.ckpt
#   scripts/prediction-targets.sh fid NAME                        FID of 500 DDIM-50 samples, seed 1
#   scripts/prediction-targets.sh nll NAME                        bits/dim on the first 32 test images
#   scripts/prediction-targets.sh ddpm NAME STEPS COUNT VARIANCE  FID of COUNT DDPM samples, STEPS respaced steps
#   scripts/prediction-targets.sh all                             all of the above for every variant
#
# Environment: JAR (default target/ddpm-explorer.jar), FMNIST (folder with the 60,000-image
# training files), DIR (default /tmp/qd/pred), STEPS_TRAINED (default 1000).
# Every figure is appended to DIR/results.txt as 'NAME METRIC VALUE'.
set -euo pipefail
JAR=${JAR:-target/ddpm-explorer.jar}
FMNIST=${FMNIST:-/usr/share/datasets/fashion-mnist}
DIR=${DIR:-/tmp/qd/pred}
STEPS_TRAINED=${STEPS_TRAINED:-1000}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
mkdir -p "$DIR"
run() { java -jar "$JAR" "$@"; }
record() { echo "$1 $2 $3" >> "$DIR/results.txt"; echo "$1 $2 $3"; }

# scores the PNGs in $2 and records FID and classes present under name $1, metric prefix $3
score() {
  local out; out=$(run evaluate --samples "$2")
  record "$1" "$3.fid" "$(awk '/fid_fmnist/{print $3}' <<<"$out")"
  record "$1" "$3.classes" "$(awk '/classes_present/{print $3}' <<<"$out")"
}

cmd=${1:?usage: see the header}; shift || true
case "$cmd" in
  train)
    name=$1; shift
    run train --preset quick --data fashion-mnist --fmnist-dir "$FMNIST" --seed 1 --steps "$STEPS_TRAINED" \
        --minutes 600 --checkpoint-every 250 --log "$DIR/$name.csv" --out "$DIR/$name.ckpt" "$@" > "$DIR/$name.train.log" 2>&1
    touch "$DIR/$name.done"
    ;;
  fid)
    name=$1; rm -rf "$DIR/$name-ddim50"
    run sample --model "$DIR/$name.ckpt" --sampler ddim --steps 50 --count 500 --seed 1 --out "$DIR/$name-ddim50" > /dev/null 2>&1
    score "$name" "$DIR/$name-ddim50" ddim50
    ;;
  nll)
    name=$1; shift; extra=("$@")
    out=$(run evaluate --nll --model "$DIR/$name.ckpt" --count 32 --batch 32 "${extra[@]}")
    record "$name" "nll32${extra[*]:+.${extra[1]}}" "$(awk '/bits_per_dim/{print $2}' <<<"$out")"
    ;;
  ddpm)
    name=$1; steps=$2; count=$3; var=${4:-}
    tag="ddpm$steps${var:+.$var}.n$count"; rm -rf "$DIR/$name-$tag"
    run sample --model "$DIR/$name.ckpt" --sampler ddpm --steps "$steps" --count "$count" --batch 100 --seed 1 \
        ${var:+--variance $var} --out "$DIR/$name-$tag" > /dev/null 2>&1
    score "$name" "$DIR/$name-$tag" "$tag"
    ;;
  evalq)
    # scores each named model as soon as its training is done (DIR/NAME.done): FID and bits/dim first
    for n in "$@"; do
      while [ ! -e "$DIR/$n.done" ]; do sleep 20; done
      grep -q "^$n ddim50.fid" "$DIR/results.txt" 2>/dev/null || "$0" fid "$n"
      grep -q "^$n nll32 " "$DIR/results.txt" 2>/dev/null || "$0" nll "$n"
    done
    ;;
  all)
    self=$0
    "$self" train x0 --prediction x0
    "$self" train mean --prediction mean
    "$self" train v --prediction v
    "$self" train eps --prediction eps
    "$self" train eps-learned --prediction eps --variance learned
    "$self" train eps-minsnr5 --prediction eps --min-snr 5
    "$self" train v-minsnr5 --prediction v --min-snr 5
    for n in eps x0 mean v eps-learned eps-minsnr5 v-minsnr5; do "$self" fid $n; "$self" nll $n; done
    for n in eps x0 mean v eps-minsnr5 v-minsnr5; do
      for var in posterior beta; do
        for s in 50 100; do "$self" ddpm $n $s 500 $var; done
        "$self" ddpm $n 1000 200 $var
      done
    done
    for s in 50 100; do "$self" ddpm eps-learned $s 500; done
    "$self" ddpm eps-learned 1000 200
    ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
