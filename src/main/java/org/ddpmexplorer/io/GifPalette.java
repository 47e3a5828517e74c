package org.ddpmexplorer.io;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Colour reduction for GIF frames: a 256-colour median-cut palette per frame (Heckbert 1982) and
 * ordered (Bayer 8x8) dithering. The JDK writer's own per-frame octree palette maps without
 * dithering and leaves blotchy bands in smooth areas (a photo's wall, skin) of the clean frames;
 * ordered dithering hides them, and unlike error diffusion its pattern does not crawl from frame
 * to frame. Noise frames are unaffected either way: the noise dithers itself. Written by hand:
 * ImageIO has no quantiser to call, and a library for 100 lines is not worth a dependency.
 */
public final class GifPalette {
    /** Amplitude of the dither in 8-bit levels, peak to peak: about the spacing of a 256-colour palette's entries in smooth areas. */
    static final int DITHER = 12;
    private static final int[] BAYER8 = bayer8();

    private GifPalette() {
    }

    /** An indexed copy of an RGB image, with its own 256-colour palette. Gray images are returned as they are. */
    public static BufferedImage quantize(BufferedImage rgb) {
        if (rgb.getType() == BufferedImage.TYPE_BYTE_GRAY || rgb.getType() == BufferedImage.TYPE_BYTE_INDEXED) {
            return rgb;
        }
        int w = rgb.getWidth(), h = rgb.getHeight();
        int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
        int[] palette = medianCut(px, 256);
        IndexColorModel cm = colorModel(palette);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, cm);
        byte[] idx = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        short[] cache = new short[1 << 15]; // 5 bits a channel -> palette index + 1 (0: not yet known)
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = px[y * w + x];
                // threshold in -DITHER/2 .. DITHER/2, the same at a pixel position in every frame
                int d = (BAYER8[(y & 7) * 8 + (x & 7)] * DITHER) / 64 - DITHER / 2;
                int r = clamp(((p >> 16) & 0xff) + d), g = clamp(((p >> 8) & 0xff) + d), b = clamp((p & 0xff) + d);
                int key = (r >> 3) << 10 | (g >> 3) << 5 | (b >> 3);
                int k = cache[key] - 1;
                if (k < 0) {
                    k = nearest(palette, (r & ~7) | 4, (g & ~7) | 4, (b & ~7) | 4);
                    cache[key] = (short) (k + 1);
                }
                idx[y * w + x] = (byte) k;
            }
        }
        return out;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    static int nearest(int[] palette, int r, int g, int b) {
        int best = 0, bestD = Integer.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            int c = palette[i];
            int dr = ((c >> 16) & 0xff) - r, dg = ((c >> 8) & 0xff) - g, db = (c & 0xff) - b;
            // weighted like the eye (roughly 2:4:1... the redmean-free approximation 3:4:2)
            int dist = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
            if (dist < bestD) {
                bestD = dist;
                best = i;
            }
        }
        return best;
    }

    /** Up to {@code colours} RGB colours: boxes split at the median of their longest side, largest (pixels x side) first. */
    static int[] medianCut(int[] px, int colours) {
        // at most ~64k pixels decide the palette (a 512 px frame is sampled)
        int stride = Math.max(1, px.length / 65_536);
        int n = (px.length + stride - 1) / stride;
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = px[i * stride] & 0xffffff;
        }
        PriorityQueue<Box> queue = new PriorityQueue<>((a, b) -> Long.compare(b.priority(), a.priority()));
        queue.add(Box.of(s, 0, n));
        java.util.List<Box> done = new java.util.ArrayList<>();
        while (!queue.isEmpty() && queue.size() + done.size() < colours) {
            Box box = queue.poll();
            if (box.to - box.from < 2 || box.longestRange() == 0) {
                done.add(box);
                continue;
            }
            int ch = box.longestChannel(), shift = 16 - 8 * ch;
            Integer[] boxed = new Integer[box.to - box.from];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = s[box.from + i];
            }
            Arrays.sort(boxed, (a, b) -> Integer.compare((a >> shift) & 0xff, (b >> shift) & 0xff));
            for (int i = 0; i < boxed.length; i++) {
                s[box.from + i] = boxed[i];
            }
            int mid = box.from + boxed.length / 2;
            queue.add(Box.of(s, box.from, mid));
            queue.add(Box.of(s, mid, box.to));
        }
        done.addAll(queue);
        int[] palette = new int[done.size()];
        for (int i = 0; i < palette.length; i++) {
            palette[i] = done.get(i).mean(s);
        }
        return palette;
    }

    private record Box(int from, int to, int[] min, int[] max) {
        static Box of(int[] s, int from, int to) {
            int[] min = {255, 255, 255}, max = {0, 0, 0};
            for (int i = from; i < to; i++) {
                for (int c = 0; c < 3; c++) {
                    int v = (s[i] >> (16 - 8 * c)) & 0xff;
                    min[c] = Math.min(min[c], v);
                    max[c] = Math.max(max[c], v);
                }
            }
            return new Box(from, to, min, max);
        }

        int longestChannel() {
            int best = 0;
            for (int c = 1; c < 3; c++) {
                if (max[c] - min[c] > max[best] - min[best]) {
                    best = c;
                }
            }
            return best;
        }

        int longestRange() {
            int c = longestChannel();
            return Math.max(0, max[c] - min[c]);
        }

        long priority() {
            return (long) (to - from) * longestRange();
        }

        int mean(int[] s) {
            long r = 0, g = 0, b = 0;
            int n = Math.max(1, to - from);
            for (int i = from; i < to; i++) {
                r += (s[i] >> 16) & 0xff;
                g += (s[i] >> 8) & 0xff;
                b += s[i] & 0xff;
            }
            return (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
        }
    }

    private static IndexColorModel colorModel(int[] palette) {
        int size = Math.max(2, palette.length);
        byte[] r = new byte[size], g = new byte[size], b = new byte[size];
        for (int i = 0; i < palette.length; i++) {
            r[i] = (byte) (palette[i] >> 16);
            g[i] = (byte) (palette[i] >> 8);
            b[i] = (byte) palette[i];
        }
        return new IndexColorModel(8, size, r, g, b);
    }

    /** The 8x8 Bayer matrix, values 0..63. */
    private static int[] bayer8() {
        int[] m = new int[64];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int v = 0, xc = x ^ y, yc = y;
                for (int bit = 0; bit < 3; bit++) { // interleave bits: Bayer's recursive construction
                    v = (v << 2) | (((xc >> (2 - bit)) & 1) << 1) | ((yc >> (2 - bit)) & 1);
                }
                m[y * 8 + x] = v;
            }
        }
        return m;
    }
}
