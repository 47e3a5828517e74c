package org.ddpmexplorer.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.Denoiser;
import org.ddpmexplorer.diffusion.ForwardNoise;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** GIF export: the written file decoded with ImageIO. */
class GifExportTest {
    @TempDir
    Path dir;

    private static final GaussianDiffusion COSINE = new GaussianDiffusion(BetaSchedule.COSINE, 200);

    private static ImageTensor coffee() throws ImageLoadException {
        return ImageLoader.load(Path.of("sample-images/coffee.png")).atWorkingSize(48); // 48x32
    }

    @Test
    void forwardAnimationHasTheChosenFramesDelaysAndLoop() throws Exception {
        ImageTensor x0 = coffee();
        Path file = dir.resolve("fwd.gif");
        GifOptions o = new GifOptions(GifOptions.FrameSelection.evenly(9), 60, 1500, 2, true, GifOptions.Layout.X_T_ONLY, false);
        List<Integer> seen = new ArrayList<>();
        GifExport.Result r = GifExport.export(AnimationSources.forward(COSINE, x0, 7, 200, false), o, file, () -> false,
                (done, size, written) -> seen.add(done));
        GifDecoding gif = GifDecoding.read(file);
        assertEquals(9, gif.frames().size());
        assertEquals(9, r.frames());
        assertEquals(List.of(6, 6, 6, 6, 6, 6, 6, 6, 156), gif.delaysCs()); // 60 ms; the last held 1.5 s more
        assertTrue(gif.loopsForever());
        for (BufferedImage f : gif.frames()) {
            assertEquals(96, f.getWidth());
            assertEquals(64, f.getHeight());
        }
        assertEquals(201, seen.size()); // progress for every source frame, t = 0..200
        // frames differ from each other; the first is x_0 (t = 0) and the last pure-ish noise
        for (int i = 1; i < 9; i++) {
            assertTrue(meanAbsDiff(gif.frames().get(i - 1), gif.frames().get(i)) > 1, "frames " + (i - 1) + " and " + i);
        }
        assertTrue(meanAbsDiff(gif.frames().get(0), ImageTensors.toBufferedImage(x0), 2) < 6,
                "frame 0 is x_0 up to the palette");
        // the last frame is x_T with the same noise as the explorer draws
        ImageTensor xT = x0.withData(ForwardNoise.closedForm(COSINE, x0.data(), 200, ForwardNoise.gaussian(7, x0.size())));
        assertTrue(meanAbsDiff(gif.frames().get(8), ImageTensors.toBufferedImage(xT), 2) < 12, "last frame is x_T");
    }

    @Test
    void lastFrameIsTheFinalSampleExactlyForGrayImages() throws Exception {
        // a denoiser that knows the one training image: the sampler converges to it
        INDArray target = Nd4j.create(new float[] {-1, -0.5f, 0, 0.5f, 1, 0.25f, -0.25f, 0.75f, -0.75f,
                0.1f, 0.2f, 0.3f, -0.1f, -0.2f, -0.3f, 0.9f}, new long[] {1, 4, 4, 1});
        INDArray batch = Nd4j.concat(0, target, target.neg());
        Denoiser oracle = (xt, t, classes) -> COSINE.predictNoiseFromStart(xt, t[0], batch);
        Sampler s = Sampler.fromNoise(COSINE, oracle, SamplerConfig.ddpm(50, 3), new long[] {2, 4, 4, 1}, null);
        AnimationSources.SamplingAnimation anim = AnimationSources.sampling(s, 4);
        assertEquals(51, anim.size());
        Path file = dir.resolve("sample.gif");
        GifOptions o = new GifOptions(GifOptions.FrameSelection.everyK(10), 40, 0, 3, false, GifOptions.Layout.SIDE_BY_SIDE, false);
        GifExport.export(anim, o, file, () -> false, (a, b, c) -> { });
        GifDecoding gif = GifDecoding.read(file);
        assertEquals(6, gif.frames().size()); // states 0, 10, 20, 30, 40, 50
        assertFalse(gif.loopsForever());
        assertEquals(List.of(4, 4, 4, 4, 4, 4), gif.delaysCs());
        BufferedImage last = gif.frames().get(5);
        assertEquals(2 * 12 + 6, last.getWidth()); // two 4x4 tiles at scale 3 and a 2-px gap, scaled
        assertEquals(12, last.getHeight());
        BufferedImage sample = SampleGrids.image(anim.finalSample(), 0, 4);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 12; x++) {
                int expect = sample.getRaster().getSample(x / 3, y / 3, 0);
                assertEquals(expect, GifDecoding.gray(last, x, y), "x_0 pixel " + x + "," + y);
                assertEquals(expect, GifDecoding.gray(last, x + 18, y), "x̂_0 pixel " + x + "," + y);
            }
        }
        // and it is the training image, which x_T (frame 0) is not
        assertEquals(ImageTensors.toByte(-1), GifDecoding.gray(last, 0, 0), 2);
        assertTrue(meanAbsDiff(gif.frames().get(0), last) > 20);
        for (int i = 1; i < 6; i++) {
            assertTrue(meanAbsDiff(gif.frames().get(i - 1), gif.frames().get(i)) > 0.5, "frames " + (i - 1) + " and " + i);
        }
    }

    @Test
    void gridShowsTheBatchAndCaptionAddsABand() throws Exception {
        INDArray zeros = Nd4j.zeros(3, 8, 8, 1);
        Denoiser zero = (xt, t, classes) -> Nd4j.zerosLike(xt);
        Sampler s = Sampler.fromNoise(COSINE, zero, SamplerConfig.ddpm(5, 1), zeros.shape(), null);
        Path file = dir.resolve("grid.gif");
        GifOptions o = new GifOptions(GifOptions.FrameSelection.everyK(1), 40, 500, 4, true, GifOptions.Layout.GRID, true);
        GifExport.Result r = GifExport.export(AnimationSources.sampling(s, 8), o, file, () -> false, (a, b, c) -> { });
        GifDecoding gif = GifDecoding.read(file);
        assertEquals(6, gif.frames().size());
        // 3 images: a 2x2 grid of 32 px tiles with 8 px gaps, and a caption band under it
        int w = 2 * 32 + 8, band = GifExport.captionFont(w) + Math.max(4, GifExport.captionFont(w) / 2);
        assertEquals(w, r.width());
        assertEquals(w + band, r.height());
        assertEquals(w + band, gif.frames().get(0).getHeight());
        // the band holds light text on a dark ground: some pixels bright, most dark
        int bright = 0, dark = 0;
        BufferedImage f = gif.frames().get(2);
        for (int y = w; y < w + band; y++) {
            for (int x = 0; x < w; x++) {
                int g = GifDecoding.gray(f, x, y);
                bright += g > 200 ? 1 : 0;
                dark += g < 60 ? 1 : 0;
            }
        }
        assertTrue(bright > 20 && dark > bright, bright + " bright, " + dark + " dark");
    }

    @Test
    void framesAreChosenWhileStreamingAndOnlyTheChosenOnesAreDrawn() throws Exception {
        java.util.Set<Integer> drawn = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ImageTensor img = ImageTensor.zeros(4, 4, 1);
        AnimationSource src = new AnimationSource() {
            int next;

            public int size() {
                return 1000;
            }

            public int batch() {
                return 1;
            }

            public boolean hasPredictedStart() {
                return false;
            }

            public boolean hasNext() {
                return next < 1000;
            }

            public AnimationFrame next() {
                int t = next++;
                return new AnimationFrame() {
                    public int t() {
                        return t;
                    }

                    public ImageTensor xt(int i) {
                        drawn.add(t);
                        float[] v = new float[16];
                        java.util.Arrays.fill(v, t / 500f - 1);
                        return img.withData(v);
                    }

                    public ImageTensor predictedStart(int i) {
                        return null;
                    }
                };
            }
        };
        GifExport.export(src, GifOptions.defaults(1).withCaption(false), dir.resolve("a.gif"), () -> false, (a, b, c) -> { });
        assertEquals(50, drawn.size(), drawn.size() + " frames drawn for 50 chosen");
        assertEquals(50, GifDecoding.read(dir.resolve("a.gif")).frames().size());
    }

    @Test
    void selectionKeepsFirstAndLast() {
        assertArrayEquals(new int[] {0, 3, 6, 9, 10}, GifOptions.FrameSelection.everyK(3).select(11));
        assertArrayEquals(new int[] {0, 5, 10}, GifOptions.FrameSelection.everyK(5).select(11));
        assertArrayEquals(new int[] {0, 250, 500, 750, 1000}, GifOptions.FrameSelection.evenly(5).select(1001));
        assertArrayEquals(new int[] {0, 1, 2}, GifOptions.FrameSelection.evenly(50).select(3));
        assertArrayEquals(new int[] {0}, GifOptions.FrameSelection.evenly(50).select(1));
        assertThrows(IllegalArgumentException.class, () -> GifOptions.FrameSelection.everyK(1).select(5000));
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> GifOptions.defaults(1).withDelay(5));
        assertThrows(IllegalArgumentException.class, () -> GifOptions.defaults(1).withScale(0));
        assertThrows(IllegalArgumentException.class, () -> GifOptions.defaults(1).withScale(17));
        assertThrows(IllegalArgumentException.class, () -> GifOptions.defaults(1).withHoldLast(-1));
        assertThrows(IllegalArgumentException.class, () -> GifOptions.FrameSelection.everyK(0));
        assertThrows(IllegalArgumentException.class, () -> GifOptions.FrameSelection.evenly(1));
        assertEquals(GifOptions.Layout.SIDE_BY_SIDE, GifOptions.Layout.parse(" Side "));
        assertThrows(IllegalArgumentException.class, () -> GifOptions.Layout.parse("both"));
        // side by side needs x̂_0; frames must stay under MAX_SIDE
        var side = GifOptions.defaults(1).withLayout(GifOptions.Layout.SIDE_BY_SIDE);
        assertThrows(IllegalArgumentException.class, () -> GifExport.check(side, 100, 1, false, 64, 64));
        GifExport.check(side, 100, 1, true, 64, 64);
        assertThrows(IllegalArgumentException.class, () -> GifExport.check(GifOptions.defaults(16), 100, 1, false, 512, 512));
    }

    @Test
    void cancelAndFailuresLeaveNoFileAndKeepTheOldOne() throws Exception {
        ImageTensor x0 = coffee();
        Path file = dir.resolve("keep.gif");
        Files.writeString(file, "old");
        AtomicInteger calls = new AtomicInteger();
        assertThrows(GifWriter.CancelledException.class, () -> GifExport.export(AnimationSources.forward(COSINE, x0, 1, 200, false),
                GifOptions.defaults(1), file, () -> calls.incrementAndGet() > 30, (a, b, c) -> { }));
        assertEquals("old", Files.readString(file));
        assertEquals(List.of(file), listDir());
        // a folder that does not exist: a clear message, nothing written
        Path missing = dir.resolve("no/such/dir/a.gif");
        IOException e = assertThrows(IOException.class, () -> GifExport.export(AnimationSources.forward(COSINE, x0, 1, 20, false),
                GifOptions.defaults(1), missing, () -> false, (a, b, c) -> { }));
        assertTrue(e.getMessage().contains("cannot write") && e.getMessage().contains("does not exist"), e.getMessage());
        assertEquals(List.of(file), listDir());
    }

    private List<Path> listDir() throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        return meanAbsDiff(a, b, 1);
    }

    /** Mean absolute RGB difference between a and b upscaled by {@code scale} (b's pixel under a's). */
    static double meanAbsDiff(BufferedImage a, BufferedImage b, int scale) {
        long sum = 0;
        int n = 0;
        for (int y = 0; y < b.getHeight() * scale && y < a.getHeight(); y++) {
            for (int x = 0; x < b.getWidth() * scale && x < a.getWidth(); x++) {
                int p = a.getRGB(x, y), q = b.getRGB(x / scale, y / scale);
                for (int sh = 0; sh <= 16; sh += 8) {
                    sum += Math.abs(((p >> sh) & 0xff) - ((q >> sh) & 0xff));
                    n++;
                }
            }
        }
        return (double) sum / n;
    }
}
