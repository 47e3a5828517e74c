package org.ddpmexplorer.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ddpmexplorer.diffusion.ClassLabels;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.io.AnimationSources;
import org.ddpmexplorer.io.GifExport;
import org.ddpmexplorer.io.GifOptions;
import org.ddpmexplorer.io.SampleGrids;
import org.ddpmexplorer.nn.UNetDenoiser;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.Models;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sample}: generates images from a model file, one PNG each, plus an optional grid. */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Generate images with a trained model.")
public final class SampleCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "pretrained",
            description = "model file, or 'pretrained' for the bundled Fashion-MNIST model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--sampler", defaultValue = "ddim", description = "ddpm or ddim (default: ${DEFAULT-VALUE})")
    String sampler;

    @Option(names = "--steps", description = "denoising steps (default: T for ddpm, 50 for ddim)")
    Integer steps;

    @Option(names = "--eta", defaultValue = "0", description = "DDIM's η in [0, 1] (default: ${DEFAULT-VALUE})")
    double eta;

    @Option(names = "--variance", description = "DDPM's fixed σ²: beta (fixed-large) or posterior (fixed-small) (default: "
            + "the one the model file names; a model that learned its variance uses its own)")
    String variance;

    @Option(names = "--no-clip", description = "do not clip x̂_0 to [-1, 1]")
    boolean noClip;

    @Option(names = "--count", defaultValue = "16", description = "number of images (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--batch", defaultValue = "64", description = "images per forward pass (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--class", description = "for a conditional model: a class index or name, 'any' (the classes in "
            + "turn from one the seed picks: the app's default) or 'none' (the unconditional 'no class' label) (default: any)")
    String classSpec;

    @Option(names = "--per-class", description = "for a conditional model: this many images of every class, in class order")
    Integer perClass;

    @Option(names = "--guidance", defaultValue = "1", description = "classifier-free guidance scale w (default: ${DEFAULT-VALUE})")
    double guidance;

    @Option(names = "--out", description = "folder for the PNG files")
    Path out;

    @Option(names = "--grid", description = "also write all samples as one grid PNG")
    Path grid;

    @Option(names = "--grid-cols", description = "columns of the grid (default: square, or per-class count)")
    Integer gridCols;

    @Option(names = "--grid-scale", defaultValue = "1", description = "integer zoom of the grid (default: ${DEFAULT-VALUE})")
    int gridScale;

    @picocli.CommandLine.Mixin
    GifCliOptions gif = new GifCliOptions();

    @Override
    public Integer call() throws Exception {
        if (out == null && grid == null && !gif.wanted()) {
            throw new CliErrors.UserError("give --out DIR, --grid FILE and/or --gif FILE");
        }
        if (count < 1 || count > 100_000 || batch < 1 || batch > 1024) {
            throw new CliErrors.UserError("--count must be in 1..100000 and --batch in 1..1024");
        }
        // outputs first: a bad path is reported before minutes of sampling, not after
        if (out != null) {
            CliErrors.checkWritableFolder("--out", out);
        }
        if (grid != null) {
            CliErrors.checkWritableFile("--grid", grid);
        }
        if (!org.ddpmexplorer.nn.NativeEngine.isUnpacked()) {
            System.err.println("preparing the native engine (first run only: unpacking into "
                    + org.ddpmexplorer.nn.NativeEngine.cacheDir() + ")...");
        }
        Checkpoint ck = load(model);
        GaussianDiffusion d = ck.diffusion();
        UNetDenoiser net = new UNetDenoiser(ck.emaNetwork());
        SamplerConfig cfg = config(d.timesteps(), ck.header().unet().variance());
        List<String> names = ck.header().classNames();
        int[] classes = classes(ck, names);
        if (classes != null) {
            count = classes.length;
        }
        if (guidance != 1 && !ck.header().unet().conditional()) {
            throw new CliErrors.UserError("--guidance " + ResumeSettings.format(guidance) + ": " + model + " is an unconditional "
                    + "model; classifier-free guidance needs a class-conditional one (trained with --classes)");
        }
        int size = ck.header().unet().imageSize(), ch = ck.header().unet().imageChannels();
        int content = ck.header().contentSize() > 0 ? ck.header().contentSize() : size;
        int cols = gridColumns(content);
        if (out != null) {
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw CliErrors.file("--out", out, e);
            }
        }
        List<BufferedImage> all = new ArrayList<>();
        GifExport.Result gifResult = null;
        for (int start = 0; start < count; start += batch) {
            int n = Math.min(batch, count - start);
            int[] cls = classes == null ? null : java.util.Arrays.copyOfRange(classes, start, start + n);
            Sampler s = Sampler.fromNoise(d, net, cfg.withSeed(seed + start), new long[] {n, size, size, ch}, cls);
            int done = 0;
            INDArray x = null;
            if (start == 0 && gif.wanted()) {
                // the first batch is animated while it is sampled: its frames are chosen as they come
                GifOptions o = gif.check(4, s.count() + 1, n, true, content, content);
                AnimationSources.SamplingAnimation anim = AnimationSources.sampling(s, content);
                gifResult = gif.write(anim, o, String.format("sampling images %d-%d of %d", start + 1, start + n, count));
                x = anim.finalSample();
            }
            while (s.hasNext()) {
                x = s.next().x();
                done++;
                System.err.printf("\rsampling images %d-%d of %d: step %d/%d   ", start + 1, start + n, count, done, s.count());
            }
            for (int i = 0; i < n; i++) {
                BufferedImage img = SampleGrids.image(x, i, content);
                all.add(img);
                if (out != null) {
                    Path f = out.resolve(String.format("sample-%04d.png", start + i));
                    try {
                        SampleGrids.writePng(img, f);
                    } catch (IOException e) {
                        System.err.println();
                        throw CliErrors.file("--out", f, e);
                    }
                }
            }
        }
        System.err.println();
        if (grid != null) {
            try {
                SampleGrids.writePng(SampleGrids.scaleNearest(SampleGrids.grid(all, cols, 2, 255), gridScale), grid);
            } catch (IOException e) {
                throw CliErrors.file("--grid", grid, e);
            }
        }
        System.err.println("wrote " + all.size() + " samples" + (out != null ? " to " + out : "") + (grid != null ? ", grid " + grid : ""));
        if (gifResult != null) {
            System.err.println(GifCliOptions.describe(gifResult));
        }
        return 0;
    }

    /** Largest side of a grid PNG, in pixels (viewers and ImageIO's int-indexed rasters stay well within it). */
    static final int MAX_GRID_SIDE = 16_384;

    /** The grid's columns, its options checked against the images to come (before any sampling). */
    private int gridColumns(int content) {
        if (gridScale < 1 || gridScale > 16) {
            throw new CliErrors.UserError("--grid-scale must be in 1..16, got " + gridScale);
        }
        if (gridCols != null && (gridCols < 1 || gridCols > count)) {
            throw new CliErrors.UserError("--grid-cols must be in 1.." + count + " (the number of images), got " + gridCols);
        }
        int cols = gridCols != null ? gridCols : perClass != null ? perClass : (int) Math.ceil(Math.sqrt(count));
        int rows = (count + cols - 1) / cols;
        long cell = content + 2L; // SampleGrids.grid: 2 px gaps and border
        long w = (cols * cell + 2) * gridScale, h = (rows * cell + 2) * gridScale;
        if (grid != null && (w > MAX_GRID_SIDE || h > MAX_GRID_SIDE)) {
            throw new CliErrors.UserError("--grid: " + cols + " columns x " + rows + " rows at --grid-scale " + gridScale
                    + " would be " + w + "x" + h + " px, over " + MAX_GRID_SIDE + " px a side; change --grid-cols or --grid-scale");
        }
        return cols;
    }

    static Checkpoint load(String spec) {
        try {
            return Models.load(spec);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliErrors.UserError(spec + ": no such file", e);
        } catch (IOException e) {
            throw new CliErrors.UserError(CliErrors.describe(e), e);
        }
    }

    private SamplerConfig config(int timesteps, org.ddpmexplorer.diffusion.VarianceType modelVariance) {
        SamplerConfig.Kind kind;
        try {
            kind = SamplerConfig.Kind.valueOf(sampler.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError("--sampler must be ddpm or ddim, not '" + sampler + "'");
        }
        int n = steps != null ? steps : kind == SamplerConfig.Kind.DDPM ? timesteps : Math.min(50, timesteps);
        if (n < 1 || n > timesteps) {
            throw new CliErrors.UserError("--steps must be in 1.." + timesteps + " for this model, got " + n);
        }
        if (variance != null && modelVariance.learned()) {
            System.err.println("the model learned its variance: --variance " + variance + " is not used");
        }
        String name = variance != null ? variance
                : modelVariance == org.ddpmexplorer.diffusion.VarianceType.FIXED_SMALL ? "posterior" : "beta";
        SamplerConfig.Variance v = switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "beta", "fixed-large" -> SamplerConfig.Variance.BETA;
            case "posterior", "beta-tilde", "fixed-small" -> SamplerConfig.Variance.POSTERIOR;
            default -> throw new CliErrors.UserError("--variance must be beta or posterior, not '" + variance + "'");
        };
        try {
            return new SamplerConfig(kind, n, eta, v, !noClip, guidance, seed);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(CliErrors.describe(e), e);
        }
    }

    private int[] classes(Checkpoint ck, List<String> names) {
        int k = ck.header().unet().numClasses();
        if (perClass != null) {
            if (k == 0) {
                throw new CliErrors.UserError("--per-class needs a class-conditional model");
            }
            int[] c = new int[perClass * k];
            for (int i = 0; i < c.length; i++) {
                c[i] = i / perClass;
            }
            return c;
        }
        if (k == 0) {
            if (classSpec == null) {
                return null;
            }
            throw new CliErrors.UserError("--class needs a class-conditional model; this one is unconditional");
        }
        if (classSpec == null || classSpec.trim().equalsIgnoreCase("any")) {
            return ClassLabels.anyClass(seed, count, k);
        }
        if (classSpec.trim().equalsIgnoreCase("none")) {
            return ClassLabels.all(ClassLabels.NONE, count);
        }
        int c = -1;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(classSpec.trim())) {
                c = i;
            }
        }
        if (c < 0) {
            try {
                c = Integer.parseInt(classSpec.trim());
            } catch (NumberFormatException e) {
                throw new CliErrors.UserError("--class: unknown class '" + classSpec + "' (expected 0.." + (k - 1) + " or one of " + names + ")");
            }
        }
        if (c < 0 || c >= k) {
            throw new CliErrors.UserError("--class must be in 0.." + (k - 1) + ", got " + c);
        }
        return ClassLabels.all(c, count);
    }
}
