#!/bin/bash
# Refreshes the shipped model from a training run: copies the latest checkpoint (with its optimiser
# state, so that a later run can --resume it), and redraws the model card's figures.
#   pretrained/update.sh RUN_DIR [JAR]
# RUN_DIR holds fmnist.ckpt and loss.csv as written by
#   java -jar target/ddpm-explorer.jar train --data fashion-mnist --fmnist-dir DIR --classes \
#        --schedule cosine --timesteps 1000 --base 32 --batch 64 --steps 200000 --no-flip \
#        --lr 5e-5 --label-dropout 0.8 --checkpoint-every 500 --seed 1 --out RUN_DIR/fmnist.ckpt --log RUN_DIR/loss.csv
# (add --resume RUN_DIR/fmnist.ckpt to continue; the settings of every phase are in README.md).
set -euo pipefail
run=${1:?RUN_DIR}
jar=${2:-target/ddpm-explorer.jar}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# one native thread: steadier when other work shares the cores
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
j() { java -XX:ActiveProcessorCount=${OMP_NUM_THREADS} -jar "$jar" "$@"; }

cp "$run/fmnist.ckpt" "$tmp/fmnist.ckpt"          # a consistent copy (checkpoints are written atomically)
cp "$tmp/fmnist.ckpt" "$here/fmnist.ckpt"
cp "$run/loss.csv" "$here/loss.csv"                # the log travels with the checkpoint
j plot-loss --log "$run/loss.csv" --out "$here/loss.png" \
  --title "Training loss: class-conditional U-Net on Fashion-MNIST (60,000 images)"
# conditional: one row per class, 10 samples each, classifier-free guidance w = 2
j sample --model "$here/fmnist.ckpt" --sampler ddim --steps 50 --per-class 10 --guidance 2 --seed 1 \
  --grid "$here/samples-by-class.png" --grid-cols 10 --grid-scale 2
# any class (the default: the classes in turn), 8x8
j sample --model "$here/fmnist.ckpt" --sampler ddim --steps 50 --count 64 --seed 2 \
  --grid "$here/samples-unconditional.png" --grid-cols 8 --grid-scale 2
# the no-class label (the unconditional half of guidance), 8x8
j sample --model "$here/fmnist.ckpt" --sampler ddim --steps 50 --count 64 --seed 2 --class none \
  --grid "$here/samples-no-class.png" --grid-cols 8 --grid-scale 2
# the regression guard of PretrainedModelTest: two seeded DDIM-10 samples of this checkpoint
rm -rf "$here/regression" && mkdir -p "$here/regression"
j sample --model "$here/fmnist.ckpt" --sampler ddim --steps 10 --count 2 --seed 7 --class Sneaker --guidance 2 \
  --out "$here/regression"
unzip -p "$here/fmnist.ckpt" header.json | sed -n 's/.*"step" : \([0-9]*\).*/\1/p' > "$here/regression/step.txt"
# quality: 500 DDIM-50 samples of "any class" (the default of `sample` and of the app: the classes in
# turn, each sampled conditionally without guidance, w = 1, which samples the model's
# p(x) = Σ_c p(c) p(x | c); the training set has 6,000 images of each class) against the classifier
j sample --model "$here/fmnist.ckpt" --sampler ddim --steps 50 --count 500 --seed 3 --out "$tmp/samples"
j evaluate --samples "$tmp/samples" | tee "$here/evaluation.txt"
# the same with DDIM's η = 1 (fresh noise at each of the 50 steps)
j sample --model "$here/fmnist.ckpt" --sampler ddim --steps 50 --eta 1 --count 500 --seed 3 --out "$tmp/samples-eta1"
j evaluate --samples "$tmp/samples-eta1" | sed 's/^evaluate /evaluate eta1 /' | tee -a "$here/evaluation.txt"
# the "no class" label: the model's own unconditional half (trained on the steps whose label was dropped)
j sample --model "$here/fmnist.ckpt" --sampler ddim --steps 50 --count 500 --seed 3 --class none --out "$tmp/samples-none"
j evaluate --samples "$tmp/samples-none" | sed 's/^evaluate /evaluate none /' | tee -a "$here/evaluation.txt"
# and the no-class label with η = 1
j sample --model "$here/fmnist.ckpt" --sampler ddim --steps 50 --eta 1 --count 500 --seed 3 --class none --out "$tmp/samples-none-eta1"
j evaluate --samples "$tmp/samples-none-eta1" | sed 's/^evaluate /evaluate none eta1 /' | tee -a "$here/evaluation.txt"
