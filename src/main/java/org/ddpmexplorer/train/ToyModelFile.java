package org.ddpmexplorer.train;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.io.AtomicFiles;
import org.ddpmexplorer.nn.Mlp;
import org.ddpmexplorer.nn.MlpConfig;
import org.ddpmexplorer.nn.MlpDenoiser;

/**
 * The 2-D playground's model file: a trained MLP (its EMA weights) with what it needs to sample.
 * Layout, big-endian: the magic "DDPMTOY\n", a format version (int), a UTF-8 text header of
 * "key=value" lines (hidden, depth, time_embedding, frequencies, outputs, prediction, variance, schedule,
 * timesteps, step, params, data), the weights as floats in the order of {@link Mlp#params()}, and a CRC-32 of everything
 * before it. Loading checks every field against sane bounds and the parameter count against the
 * architecture, so a wrong or damaged file is one clear error. Points are in the standard
 * coordinates of {@link PointSet#standardised()}. A noise predictor with fixed variance β_t is written as
 * format version 1, which older builds read; any other model as version 2. A file without prediction
 * or variance (every version-1 file of older builds) is such a model: eps, fixed-large.
 *
 * @param net       the network's size
 * @param schedule  the β schedule it was trained with
 * @param timesteps T
 * @param step      optimiser steps it was trained for
 * @param data      a description of the training data (e.g. "two-moons, 8000 points")
 * @param weights   the EMA weights in the flat layout of {@link Mlp#params()}
 * @param prediction what the network predicts
 * @param variance  its variance (learned: 4 outputs instead of 2)
 */
public record ToyModelFile(MlpConfig net, BetaSchedule schedule, int timesteps, long step, String data, float[] weights,
                           Prediction prediction, VarianceType variance) {
    private static final byte[] MAGIC = "DDPMTOY\n".getBytes(StandardCharsets.US_ASCII);
    /** The newest format version written and read. */
    public static final int FORMAT_VERSION = 2;
    /** The version of a noise predictor with fixed variance β_t (no prediction or variance in older builds' files). */
    static final int PLAIN_VERSION = 1;
    /** Largest text header read. */
    private static final int MAX_HEADER = 4096;

    public ToyModelFile {
        weights = weights.clone();
        data = data == null ? "" : data.replaceAll("[\\r\\n=]", " ");
        if (prediction == null || variance == null) {
            throw new IllegalArgumentException("prediction and variance are required");
        }
        long want = new Mlp(net, MlpDenoiser.outputs(variance), 0).numParams();
        if (weights.length != want) {
            throw new IllegalArgumentException("the network has " + want + " parameters, got " + weights.length);
        }
    }

    /** A noise predictor with fixed variance β_t. */
    public ToyModelFile(MlpConfig net, BetaSchedule schedule, int timesteps, long step, String data, float[] weights) {
        this(net, schedule, timesteps, step, data, weights, Prediction.EPSILON, VarianceType.FIXED_LARGE);
    }

    /** The model of a trainer: its EMA weights. */
    public static ToyModelFile of(ToyTrainer tr, String data) {
        return new ToyModelFile(tr.netConfig(), tr.diffusion().schedule(), tr.diffusion().timesteps(), tr.step(), data,
                tr.emaWeights(), tr.config().prediction(), tr.config().variance());
    }

    @Override
    public float[] weights() {
        return weights.clone();
    }

    public GaussianDiffusion diffusion() {
        return new GaussianDiffusion(schedule, timesteps);
    }

    /** A new network with these weights. */
    public MlpDenoiser denoiser() {
        Mlp m = new Mlp(net, MlpDenoiser.outputs(variance), 0);
        m.params().copyFrom(weights);
        return new MlpDenoiser(m, prediction, variance, diffusion());
    }

    /** Writes the file atomically. */
    public void save(Path file) throws IOException {
        String header = "hidden=" + net.hidden() + "\ndepth=" + net.depth() + "\ntime_embedding=" + net.timeEmbedding()
                + "\nfrequencies=" + net.frequencies() + "\noutputs=" + MlpDenoiser.outputs(variance)
                + (plain() ? "" : "\nprediction=" + prediction.id() + "\nvariance=" + variance.id())
                + "\nschedule=" + schedule.id() + "\ntimesteps=" + timesteps + "\nstep=" + step
                + "\nparams=" + weights.length + "\ndata=" + data + "\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + header.length() + 4 * weights.length);
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeInt(plain() ? PLAIN_VERSION : FORMAT_VERSION);
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        out.writeInt(h.length);
        out.write(h);
        for (float w : weights) {
            out.writeFloat(w);
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();
        AtomicFiles.write(file, o -> bytes.writeTo(o));
    }

    /** Reads and checks a model file; IOException with one line naming the file and the problem. */
    public static ToyModelFile load(Path file) throws IOException {
        String name = String.valueOf(file.getFileName());
        byte[] all;
        try {
            long size = Files.size(file);
            if (size > 64L << 20) {
                throw new IOException(name + ": too large for a 2-D model file (" + size / 1048576 + " MB)");
            }
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(name + ": no such file", e);
        }
        if (all.length < MAGIC.length + 12 || !java.util.Arrays.equals(java.util.Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new IOException(name + ": not a 2-D playground model file");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 4);
        int stored = ((all[all.length - 4] & 0xff) << 24) | ((all[all.length - 3] & 0xff) << 16)
                | ((all[all.length - 2] & 0xff) << 8) | (all[all.length - 1] & 0xff);
        if ((int) crc.getValue() != stored) {
            throw new IOException(name + ": the file is damaged (checksum mismatch)");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, MAGIC.length, all.length - MAGIC.length))) {
            int version = in.readInt();
            if (version < PLAIN_VERSION || version > FORMAT_VERSION) {
                throw new IOException(name + ": format version " + version + " is not supported (this build reads "
                        + FORMAT_VERSION + ")");
            }
            int hl = in.readInt();
            if (hl < 0 || hl > MAX_HEADER) {
                throw new IOException(name + ": the header is damaged");
            }
            java.util.Map<String, String> kv = new java.util.HashMap<>();
            for (String line : new String(in.readNBytes(hl), StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    kv.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            try {
                MlpConfig net = new MlpConfig(integer(kv, "hidden"), integer(kv, "depth"), integer(kv, "time_embedding"),
                        integer(kv, "frequencies"));
                Prediction prediction = kv.containsKey("prediction") ? Prediction.parse(field(kv, "prediction"))
                        : Prediction.EPSILON;
                VarianceType variance = kv.containsKey("variance") ? VarianceType.parse(field(kv, "variance"))
                        : VarianceType.FIXED_LARGE;
                int outputs = integer(kv, "outputs");
                if (outputs != MlpDenoiser.outputs(variance)) {
                    throw new IllegalArgumentException("a model with " + variance.id() + " variance has "
                            + MlpDenoiser.outputs(variance) + " outputs, the header says " + outputs);
                }
                BetaSchedule schedule = BetaSchedule.parse(field(kv, "schedule"));
                int timesteps = integer(kv, "timesteps");
                new GaussianDiffusion(schedule, timesteps); // checks T's bounds
                long step = Long.parseLong(field(kv, "step"));
                if (step < 0) {
                    throw new IllegalArgumentException("negative step count");
                }
                int params = integer(kv, "params");
                long want = new Mlp(net, outputs, 0).numParams();
                if (params != want) {
                    throw new IllegalArgumentException("the header's network has " + want + " parameters but the file "
                            + "says " + params);
                }
                float[] w = new float[params];
                for (int i = 0; i < params; i++) {
                    w[i] = in.readFloat();
                    if (!Float.isFinite(w[i])) {
                        throw new IllegalArgumentException("weight " + i + " is " + w[i]);
                    }
                }
                if (in.available() != 4) {
                    throw new IllegalArgumentException("unexpected data after the weights");
                }
                return new ToyModelFile(net, schedule, timesteps, step, kv.getOrDefault("data", ""), w, prediction, variance);
            } catch (IllegalArgumentException e) {
                throw new IOException(name + ": " + e.getMessage(), e);
            }
        } catch (EOFException e) {
            throw new IOException(name + ": the file is truncated", e);
        }
    }

    /** A noise predictor with fixed variance β_t: the model of format version 1. */
    private boolean plain() {
        return prediction == Prediction.EPSILON && variance == VarianceType.FIXED_LARGE;
    }

    private static String field(java.util.Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("the header has no " + key);
        }
        return v.trim();
    }

    private static int integer(java.util.Map<String, String> kv, String key) {
        try {
            return Integer.parseInt(field(kv, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the header's " + key + " is not a number");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToyModelFile m && m.net.equals(net) && m.schedule == schedule && m.timesteps == timesteps
                && m.step == step && m.data.equals(data) && java.util.Arrays.equals(m.weights, weights)
                && m.prediction == prediction && m.variance == variance;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "ToyModelFile[" + net + ", " + prediction.id() + ", " + variance.id() + ", " + schedule.id() + ", T="
                + timesteps + ", step " + step + "]";
    }
}
