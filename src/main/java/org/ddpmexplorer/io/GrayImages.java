package org.ddpmexplorer.io;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads images as small grayscale squares: centre-cropped to a square, resized by area
 * averaging (the JDK's {@link Image#SCALE_AREA_AVERAGING}), converted to luma
 * Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601) over a black background where transparent,
 * as floats in [-1, 1]. Image sizes are checked from the header before decoding.
 */
public final class GrayImages {
    /** Larger images are refused before they are decoded (a 4096x4096 RGBA image is 64 MB). */
    public static final int MAX_SIDE = 4096;
    /** At most this many images in a folder (60,000 28x28 images are 188 MB of floats). */
    public static final int MAX_IMAGES = 60_000;

    private GrayImages() {
    }

    /**
     * The images read from a folder, in file-name order.
     *
     * @param pixels [count, side, side] floats in [-1, 1]
     */
    public record Folder(List<Path> files, float[] pixels, int side) {
        public int count() {
            return files.size();
        }
    }

    /** The {@code .png} files of a folder (not its sub-folders), sorted by name. */
    public static List<Path> pngFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such folder");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
                    .filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Reads every {@code .png} of a folder as a side x side gray image. */
    public static Folder readPngFolder(Path dir, int side) throws IOException {
        List<Path> files = pngFiles(dir);
        if (files.isEmpty()) {
            throw new IOException(dir + ": no .png images in this folder");
        }
        if (files.size() > MAX_IMAGES) {
            throw new IOException(dir + ": " + files.size() + " images; at most " + MAX_IMAGES + " can be scored at once");
        }
        float[] pixels = new float[files.size() * side * side];
        List<Path> read = new ArrayList<>(files.size());
        for (Path f : files) {
            float[] img = readGray(f, side);
            System.arraycopy(img, 0, pixels, read.size() * side * side, img.length);
            read.add(f);
        }
        return new Folder(List.copyOf(read), pixels, side);
    }

    /** One image as side x side floats in [-1, 1] (0 = black → -1). */
    public static float[] readGray(Path file, int side) throws IOException {
        return toGray(decode(file), side);
    }

    /** Decodes an image after checking, from its header, that it is an image of at most {@value #MAX_SIDE} pixels a side. */
    public static BufferedImage decode(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException(file + ": cannot be opened");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(file + ": not an image (or a format this app cannot read)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) {
                    throw new IOException(file + ": " + w + "x" + h + " pixels; images up to " + MAX_SIDE + "x" + MAX_SIDE
                            + " are accepted");
                }
                BufferedImage img = reader.read(0);
                if (img == null) {
                    throw new IOException(file + ": cannot be decoded");
                }
                return img;
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                    throw e;
                }
                throw new IOException(file + ": a corrupt image (" + e.getMessage() + ")", e);
            } catch (RuntimeException e) {
                throw new IOException(file + ": a corrupt image (" + e.getClass().getSimpleName() + ")", e);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Centre-crops to a square, converts to luma over black, resizes to side x side by area
     * averaging. The gray levels travel as R = G = B in an RGB image: drawing into the JDK's
     * TYPE_BYTE_GRAY would convert them through its linear gray colour space and brighten them.
     */
    public static float[] toGray(BufferedImage img, int side) {
        int w = img.getWidth(), h = img.getHeight(), s = Math.min(w, h);
        int x0 = (w - s) / 2, y0 = (h - s) / 2;
        BufferedImage gray = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
        boolean graySamples = isGray(img);
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int argb = graySamples ? storedGray(img, x0 + x, y0 + y) : img.getRGB(x0 + x, y0 + y); // sRGB, non-premultiplied
                double a = (argb >>> 24) / 255.0;
                double luma = 0.299 * (argb >> 16 & 0xff) + 0.587 * (argb >> 8 & 0xff) + 0.114 * (argb & 0xff); // BT.601
                int v = (int) Math.round(luma * a); // composited over black
                gray.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        BufferedImage small = gray;
        if (s != side) {
            small = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            Graphics2D g2 = small.createGraphics();
            try {
                g2.drawImage(gray.getScaledInstance(side, side, Image.SCALE_AREA_AVERAGING), 0, 0, null);
            } finally {
                g2.dispose();
            }
        }
        float[] out = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                out[y * side + x] = (small.getRGB(x, y) & 0xff) / 127.5f - 1f; // [0,255] -> [-1,1]
            }
        }
        return out;
    }

    /**
     * Whether the image stores gray levels as raw samples (a gray or gray+alpha PNG). The JDK tags
     * those with its linear gray colour space, so {@link BufferedImage#getRGB} would run them
     * through the sRGB curve and brighten them: level 1 comes out as 13, level 16 as 71. Every
     * PNG writer (this app's included) means the stored level itself.
     */
    private static boolean isGray(BufferedImage img) {
        return img.getColorModel() instanceof java.awt.image.ComponentColorModel
                && img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
                && img.getRaster().getNumBands() <= 2;
    }

    /** The stored gray level (and alpha, when there is one) of a gray image's pixel as 8-bit ARGB, R = G = B. */
    private static int storedGray(BufferedImage img, int x, int y) {
        java.awt.image.WritableRaster r = img.getRaster();
        int bits = r.getSampleModel().getSampleSize(0);
        int v = (int) Math.round(r.getSample(x, y, 0) * 255.0 / ((1L << bits) - 1));
        int a = 255;
        if (r.getNumBands() == 2) {
            a = (int) Math.round(r.getSample(x, y, 1) * 255.0 / ((1L << r.getSampleModel().getSampleSize(1)) - 1));
        }
        return a << 24 | v << 16 | v << 8 | v;
    }
}
