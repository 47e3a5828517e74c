package org.ddpmexplorer.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.eval.BoundEvaluation;
import org.ddpmexplorer.nn.UNetDenoiser;
import org.ddpmexplorer.train.ByteImageDataset;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.FashionMnist;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code evaluate --nll}: the bound in bits per dimension on Fashion-MNIST test images, progress on stderr. */
final class NllEvaluation {
    private NllEvaluation() {
    }

    static int run(String modelSpec, int count, int batch, long seed, Path fmnistDir, String varianceSpec) {
        if (batch < 1 || batch > 1024) {
            throw new CliErrors.UserError("--batch must be in 1..1024, not " + batch);
        }
        Checkpoint ck = SampleCommand.load(modelSpec);
        ByteImageDataset test = loadTest(fmnistDir);
        var unet = ck.header().unet();
        if (unet.imageSize() != test.imageSize() || unet.imageChannels() != test.channels()) {
            throw new CliErrors.UserError(modelSpec + " is a model of " + unet.imageSize() + "x" + unet.imageSize() + "x"
                    + unet.imageChannels() + " images, not of Fashion-MNIST's " + test.imageSize() + "x" + test.imageSize());
        }
        if (count < 1 || count > test.size()) {
            throw new CliErrors.UserError("--count must be in 1.." + test.size() + ", not " + count);
        }
        if (!org.ddpmexplorer.nn.NativeEngine.isUnpacked()) {
            System.err.println("preparing the native engine (first run only: unpacking into "
                    + org.ddpmexplorer.nn.NativeEngine.cacheDir() + ")...");
        }
        GaussianDiffusion d = ck.diffusion();
        VarianceType variance = variance(varianceSpec, unet.variance());
        PrintStream err = System.err;
        err.printf(Locale.ROOT, "bound of %s (%s, %s variance, %s schedule, T = %d%s) on the first %d Fashion-MNIST test "
                        + "images, %d per batch: %,d network calls%n", modelSpec, unet.prediction().id(), variance.id(),
                d.schedule().id(), d.timesteps(), unet.conditional() ? ", scored with its 'no class' label" : "", count,
                batch, (long) d.timesteps() * ((count + batch - 1) / batch));
        long t0 = System.nanoTime();
        BoundEvaluation.Result r;
        try (StopSignals stop = StopSignals.install()) {
            try {
                r = evaluate(withVariance(new UNetDenoiser(ck.emaNetwork()), variance), d, test, count, batch, seed, stop,
                        err, t0);
            } catch (CancellationException e) {
                err.println();
                err.println("stopped by " + (stop.requested() ? stop.cause() : "an interrupt") + " before the bound was complete");
                return stop.requested() ? stop.status() : CliErrors.BAD_INPUT;
            }
        }
        err.println();
        err.printf(Locale.ROOT, "mean over %d images of %d values: %.4f ± %.4f bits/dim (standard error); prior L_T %.6f, "
                        + "decoder L_0 %.4f bits/dim; %.0f s%n", r.images(), r.dims(), r.totalBitsPerDim(), r.stdError(),
                r.priorBitsPerDim(), r.decoderBitsPerDim(), (System.nanoTime() - t0) / 1e9);
        System.out.printf(Locale.ROOT, "bits_per_dim %.4f%n", r.totalBitsPerDim());
        System.out.flush();
        return 0;
    }

    private static BoundEvaluation.Result evaluate(Denoiser model, GaussianDiffusion d, ByteImageDataset test, int count,
                                                   int batch, long seed, StopSignals stop, PrintStream err, long t0) {
        long[] last = {0};
        return BoundEvaluation.evaluate(model, d, test, count, batch, seed, true,
                    () -> stop.requested() || Thread.currentThread().isInterrupted(), (done, from, to, k, T) -> {
                        long now = System.nanoTime();
                        if (now - last[0] > 500_000_000L || k == T) {
                            last[0] = now;
                            err.printf(Locale.ROOT, "\rimages %d-%d of %d: term %d/%d (%.0f s)   ", from + 1, to, count, k, T,
                                    (now - t0) / 1e9);
                            err.flush();
                        }
                    });
    }

    /** The model's own variance type, or the fixed one asked for (a learned variance cannot be replaced). */
    static VarianceType variance(String spec, VarianceType own) {
        if (spec == null) {
            return own;
        }
        VarianceType v;
        try {
            v = VarianceType.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError("--variance: " + e.getMessage(), e);
        }
        if (v.learned() != own.learned()) {
            throw new CliErrors.UserError("--variance " + v.id() + ": the model's variance is " + own.id()
                    + (own.learned() ? " (its own, not replaceable)" : " (it has no variance output to learn with)"));
        }
        return v;
    }

    /** The model with its fixed variance type replaced. */
    static Denoiser withVariance(Denoiser model, VarianceType v) {
        if (v == model.varianceType()) {
            return model;
        }
        return new Denoiser() {
            @Override
            public INDArray predictNoise(INDArray xt, int[] t, int[] classes) {
                return model.predictNoise(xt, t, classes);
            }

            @Override
            public INDArray predict(INDArray xt, int[] t, int[] classes) {
                return model.predict(xt, t, classes);
            }

            @Override
            public Prediction prediction() {
                return model.prediction();
            }

            @Override
            public VarianceType varianceType() {
                return v;
            }

            @Override
            public int numClasses() {
                return model.numClasses();
            }
        };
    }

    private static ByteImageDataset loadTest(Path dir) {
        try {
            if (dir == null) {
                return FashionMnist.loadBundled();
            }
            if (!FashionMnist.exists(dir, "t10k")) {
                throw new CliErrors.UserError("--fmnist-dir: no Fashion-MNIST test files (t10k-images-idx3-ubyte[.gz]) in " + dir);
            }
            return FashionMnist.load(dir, "t10k");
        } catch (IOException e) {
            throw dir == null ? new CliErrors.UserError(CliErrors.describe(e), e) : CliErrors.file("--fmnist-dir", dir, e);
        }
    }
}
