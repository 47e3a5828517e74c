package org.ddpmexplorer.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Turns NHWC batches of samples in [-1, 1] into 8-bit images and grids of them. */
public final class SampleGrids {
    private SampleGrids() {
    }

    /**
     * Image i of an NHWC batch, cropped to the centre {@code size}x{@code size} (the padding of
     * Fashion-MNIST's 28x28 inside 32x32 is removed); gray for one channel, RGB for three.
     */
    public static BufferedImage image(INDArray batch, int i, int size) {
        int h = (int) batch.size(1), w = (int) batch.size(2), c = (int) batch.size(3);
        int side = Math.min(size, Math.min(h, w));
        int oy = (h - side) / 2, ox = (w - side) / 2;
        float[] v = batch.slice(i).dup().data().asFloat();
        BufferedImage img = new BufferedImage(side, side, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int base = ((y + oy) * w + x + ox) * c;
                if (c == 1) {
                    img.getRaster().setSample(x, y, 0, ImageTensors.toByte(v[base]));
                } else {
                    int rgb = ImageTensors.toByte(v[base]) << 16 | ImageTensors.toByte(v[base + 1]) << 8 | ImageTensors.toByte(v[base + 2]);
                    img.setRGB(x, y, rgb);
                }
            }
        }
        return img;
    }

    /** Tiles images in rows of {@code cols} with a {@code gap}-pixel border of the given gray level. */
    public static BufferedImage grid(java.util.List<BufferedImage> images, int cols, int gap, int background) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images");
        }
        int w = images.get(0).getWidth(), h = images.get(0).getHeight();
        int rows = (images.size() + cols - 1) / cols;
        boolean gray = images.get(0).getType() == BufferedImage.TYPE_BYTE_GRAY;
        BufferedImage out = new BufferedImage(cols * (w + gap) + gap, rows * (h + gap) + gap,
                gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(new java.awt.Color(background, background, background));
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < images.size(); i++) {
            g.drawImage(images.get(i), gap + (i % cols) * (w + gap), gap + (i / cols) * (h + gap), null);
        }
        g.dispose();
        return out;
    }

    /** Scales by an integer factor with nearest-neighbour sampling (crisp pixels for 28x28 images). */
    public static BufferedImage scaleNearest(BufferedImage src, int factor) {
        if (factor <= 1) {
            return src;
        }
        BufferedImage out = new BufferedImage(src.getWidth() * factor, src.getHeight() * factor, src.getType());
        java.awt.Graphics2D g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(src, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    /** Writes a PNG atomically. */
    public static void writePng(BufferedImage img, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer");
            }
        });
    }
}
