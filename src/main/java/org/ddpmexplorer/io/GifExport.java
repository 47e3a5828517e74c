package org.ddpmexplorer.io;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Turns an {@link AnimationSource} into a looping GIF: chooses frames while streaming (only the
 * frame being drawn is in memory), draws each as the {@link GifOptions} say (nearest-neighbour
 * zoom, x_t alone, x_t | x̂_0 or the batch's grid, a "t = 250" caption band), and writes them with
 * {@link GifWriter} atomically: a failure or a cancel leaves no file behind and keeps an older one.
 * No UI here: the CLI and the export dialog both call {@link #export}.
 */
public final class GifExport {
    /** Largest frame side in px (a 512 px image at scale 8): beyond it GIFs get unwieldy. */
    public static final int MAX_SIDE = 4096;
    /** Gap between tiles, in source pixels (scaled with the frame). */
    static final int GAP = 2;
    /** Gray level of the gaps between tiles and of the caption band (dark, so white text contrasts). */
    static final int BAND_GRAY = 24;

    private GifExport() {
    }

    /** Receives progress: {@code consumed} of {@code size} source frames done, {@code written} GIF frames. */
    @FunctionalInterface
    public interface Progress {
        void update(int consumed, int size, int written);
    }

    /** What was written. */
    public record Result(Path file, int frames, int width, int height, long bytes) {
    }

    /**
     * Checks that the options fit the source (a side-by-side needs x̂_0; the frame must not
     * exceed {@link #MAX_SIDE}; the frame count must be allowed) without consuming it.
     *
     * @param width  width of one image of the source
     * @param height height of one image
     * @throws IllegalArgumentException with a message for the user
     */
    public static void check(GifOptions o, int size, int batch, boolean hasPredictedStart, int width, int height) {
        if (o.layout() == GifOptions.Layout.SIDE_BY_SIDE && !hasPredictedStart) {
            throw new IllegalArgumentException("x_t | x̂_0 needs a model's prediction; the forward process has none");
        }
        o.frames().select(size); // throws if too many frames
        int[] grid = tiles(o.layout(), batch);
        long w = ((long) grid[0] * (width + GAP) - GAP) * o.scale(), h = ((long) grid[1] * (height + GAP) - GAP) * o.scale();
        if (w > MAX_SIDE || h > MAX_SIDE) {
            throw new IllegalArgumentException("frames would be " + w + "x" + h + " px; at most " + MAX_SIDE
                    + " px a side (lower the scale)");
        }
    }

    /**
     * Streams the source into a GIF at {@code file}.
     *
     * @param cancelled checked before each frame; when it turns true the export stops with
     *                  {@link GifWriter.CancelledException} and no file is written
     * @throws IOException with a message naming the file (unwritable folder, full disk, ...)
     */
    public static Result export(AnimationSource source, GifOptions options, Path file, BooleanSupplier cancelled,
                                Progress progress) throws IOException {
        int size = source.size();
        int[] chosen = options.frames().select(size);
        int[] dims = new int[2];
        int[] written = {0};
        if (file.getFileName() == null) {
            throw new IOException(file + " is not a file name");
        }
        try {
            AtomicFiles.write(file, out -> {
                try (GifWriter.Sequence gif = GifWriter.open(out, options.loop())) {
                    int next = 0; // index into chosen
                    for (int i = 0; i < size; i++) {
                        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                            throw new GifWriter.CancelledException();
                        }
                        AnimationFrame f = source.next();
                        if (next < chosen.length && chosen[next] == i) {
                            if (i == 0) {
                                check(options, size, source.batch(), source.hasPredictedStart(), f.xt(0).width(), f.xt(0).height());
                            }
                            BufferedImage img = render(f, source.batch(), options);
                            dims[0] = img.getWidth();
                            dims[1] = img.getHeight();
                            boolean last = next == chosen.length - 1;
                            gif.append(GifPalette.quantize(img), options.delayMs() + (last ? options.holdLastMs() : 0));
                            next++;
                            written[0]++;
                        }
                        progress.update(i + 1, size, written[0]);
                    }
                    gif.finish();
                }
            });
        } catch (GifWriter.CancelledException e) {
            throw e;
        } catch (java.util.concurrent.CancellationException e) {
            throw new GifWriter.CancelledException();
        } catch (IOException e) {
            throw new IOException(describe(file, e), e);
        }
        return new Result(file, written[0], dims[0], dims[1], Files.size(file));
    }

    /** "cannot write anim.gif: no space left on the disk", in words a user understands. */
    static String describe(Path file, IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.contains("No space left")) {
            m = "the disk is full";
        } else if (e instanceof java.nio.file.AccessDeniedException || m.contains("Permission denied")
                || m.contains("AccessDenied")) {
            m = "permission denied";
        }
        return "cannot write " + file + ": " + m;
    }

    /** Columns and rows of tiles for a layout. */
    static int[] tiles(GifOptions.Layout layout, int batch) {
        return switch (layout) {
            case X_T_ONLY -> new int[] {1, 1};
            case SIDE_BY_SIDE -> new int[] {2, 1};
            case GRID -> {
                int cols = (int) Math.ceil(Math.sqrt(batch));
                yield new int[] {cols, (batch + cols - 1) / cols};
            }
        };
    }

    /**
     * Draws one GIF frame: the layout's tiles zoomed by nearest neighbour, separated by dark gaps,
     * with a caption band under them. Gray images give a TYPE_BYTE_GRAY frame (GifWriter keeps an
     * exact gray palette), colour ones TYPE_INT_RGB.
     */
    public static BufferedImage render(AnimationFrame f, int batch, GifOptions o) {
        List<ImageTensor> images = new ArrayList<>();
        switch (o.layout()) {
            case X_T_ONLY -> images.add(f.xt(0));
            case SIDE_BY_SIDE -> {
                images.add(f.xt(0));
                ImageTensor x0 = f.predictedStart(0);
                if (x0 == null) {
                    throw new IllegalArgumentException("this animation has no x̂_0 to show beside x_t");
                }
                images.add(x0);
            }
            case GRID -> {
                for (int i = 0; i < batch; i++) {
                    images.add(f.xt(i));
                }
            }
        }
        ImageTensor first = images.get(0);
        boolean gray = first.channels() == 1;
        int[] grid = tiles(o.layout(), batch);
        int s = o.scale(), tw = first.width() * s, th = first.height() * s, gap = images.size() > 1 ? GAP * s : 0;
        int w = grid[0] * (tw + gap) - gap, h = grid[1] * (th + gap) - gap;
        int fontPx = captionFont(w);
        int band = o.caption() ? fontPx + Math.max(4, fontPx / 2) : 0;
        BufferedImage out = new BufferedImage(w, h + band, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(new Color(BAND_GRAY, BAND_GRAY, BAND_GRAY));
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int k = 0; k < images.size(); k++) {
                ImageTensor img = images.get(k);
                BufferedImage tile = SampleGrids.scaleNearest(toImage(img, gray), s);
                g.drawImage(tile, (k % grid[0]) * (tw + gap), (k / grid[0]) * (th + gap), null);
            }
            if (o.caption()) {
                drawCaption(g, "t = " + f.t(), w, h, band, fontPx);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Caption font size for a frame width: a tenth of the width, 9..28 px. */
    static int captionFont(int width) {
        return Math.max(9, Math.min(28, width / 10));
    }

    private static void drawCaption(Graphics2D g, String text, int w, int top, int band, int fontPx) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int px = fontPx;
        Font font;
        FontMetrics fm;
        do { // shrink to fit narrow frames (a 28 px image at scale 1)
            font = new Font(Font.SANS_SERIF, Font.BOLD, px);
            fm = g.getFontMetrics(font);
        } while (fm.stringWidth(text) > w - 2 && --px > 6);
        if (fm.stringWidth(text) > w - 2 && text.startsWith("t = ")) {
            text = text.substring(4); // a 28 px frame at scale 1: the number alone
        }
        g.setFont(font);
        g.setColor(Color.WHITE);
        int x = Math.max(1, (w - fm.stringWidth(text)) / 2);
        int y = top + (band - fm.getHeight()) / 2 + fm.getAscent();
        g.drawString(text, x, y);
    }

    /** An 8-bit image of a tensor: gray if asked (the first channel), else RGB. */
    static BufferedImage toImage(ImageTensor t, boolean gray) {
        if (!gray) {
            return ImageTensors.toBufferedImage(t);
        }
        BufferedImage img = new BufferedImage(t.width(), t.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        float[] d = t.data();
        int c = t.channels();
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) ImageTensors.toByte(d[i * c]);
        }
        return img;
    }
}
