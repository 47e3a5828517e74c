package org.ddpmexplorer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.ForwardChain;
import org.ddpmexplorer.diffusion.ForwardNoise;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.ImageMetrics;
import org.ddpmexplorer.io.AnimationSources;
import org.ddpmexplorer.io.ImageLoadException;
import org.ddpmexplorer.io.ImageLoader;
import org.ddpmexplorer.io.ImageSaver;
import org.ddpmexplorer.io.ImageTensor;
import org.ddpmexplorer.io.LoadedImage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code forward --image IN --schedule cosine --steps 1000 --t 250 --seed 1 --out OUT.png}:
 * writes x_t = √ᾱ_t x_0 + √(1-ᾱ_t) ε at the working size, the same computation as the GUI's.
 */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = {"Noise an image with the forward process and save x_t as a PNG:",
                "  x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps",
                "mapped from [-1, 1] to 8 bits, at the working size (long side <= --size);",
                "and/or the animation t = 0..t (or 0..T without --t) as a GIF (--gif)."})
public final class ForwardCommand implements Callable<Integer> {
    /** Largest working size, as in the GUI. */
    static final int MAX_SIZE = 512;

    @Spec
    CommandSpec spec;

    @Option(names = "--image", required = true, paramLabel = "IN", description = "the input image (PNG, JPEG, BMP, GIF, WebP)")
    Path image;

    @Option(names = "--out", paramLabel = "OUT.png", description = "where to write x_t (PNG)")
    Path out;

    @Option(names = "--schedule", defaultValue = "linear", paramLabel = "NAME", converter = Converters.Schedule.class,
            description = "linear, cosine or sigmoid (default: ${DEFAULT-VALUE})")
    BetaSchedule schedule;

    @Option(names = "--steps", defaultValue = "1000", paramLabel = "T", description = "T, the number of diffusion steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--t", paramLabel = "t", description = "the timestep, 0..T (0 is the clean image); needed with --out")
    Integer t;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "seed of the noise eps (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--size", defaultValue = "256", paramLabel = "PX",
            description = "working size: the long side, 8.." + MAX_SIZE + " px; smaller images keep their own (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--iterative", description = "run the Markov chain q(x_t | x_{t-1}) step by step instead of the closed form")
    boolean iterative;

    @CommandLine.Mixin
    GifCliOptions gif = new GifCliOptions();

    @Override
    public Integer call() {
        Converters.checkSteps(spec, steps);
        if (out == null && !gif.wanted()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --out OUT.png and/or --gif FILE");
        }
        if (out != null && t == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--t is needed with --out");
        }
        int t = this.t != null ? this.t : steps;
        if (t < 0 || t > steps) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--t must be in 0.." + steps + ", got " + t);
        }
        if (size < 8 || size > MAX_SIZE) { // 8 px: below that there is nothing to see
            throw new CommandLine.ParameterException(spec.commandLine(), "--size must be in 8.." + MAX_SIZE + ", got " + size);
        }
        LoadedImage img;
        try {
            img = ImageLoader.load(image);
        } catch (ImageLoadException e) {
            throw new CliErrors.UserError(CliErrors.describe(e), e);
        }
        ImageTensor x0 = img.atWorkingSize(size);
        GaussianDiffusion d = new GaussianDiffusion(schedule, steps);
        PrintWriter info = spec.commandLine().getOut();
        if (gif.wanted()) {
            var o = gif.check(1, t + 1, 1, false, x0.width(), x0.height());
            var r = gif.write(AnimationSources.forward(d, x0, seed, t, iterative), o, "noising " + img.name());
            info.println(GifCliOptions.describe(r));
            info.flush();
        }
        if (out == null) {
            return 0;
        }
        float[] xt = iterative
                ? new ForwardChain(d, x0.data(), seed).advanceTo(t, () -> false)
                : ForwardNoise.closedForm(d, x0.data(), t, ForwardNoise.gaussian(seed, x0.size()));
        try {
            ImageSaver.savePng(x0.withData(xt), out);
        } catch (IOException e) {
            throw new CliErrors.UserError(out + ": cannot write (" + e.getMessage() + ")", e);
        }
        info.printf(Locale.ROOT, "wrote %s: %dx%d, %s T=%d t=%d, alpha_bar=%.6g, PSNR %.2f dB%n", out, x0.width(), x0.height(),
                schedule.id(), steps, t, d.alphaBar(t), ImageMetrics.psnr(x0.data(), xt));
        info.flush();
        return 0;
    }
}
