package org.ddpmexplorer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrayImagesTest {

    @Test
    void aColourImageIsCentreCroppedResizedAndMadeGray(@TempDir Path dir) throws IOException {
        // 112x84 (wider than tall): the centre 84x84 square is kept, 3x-reduced to 28x28.
        // Left half of that square pure green, right half black; 14 columns of margin either side are red.
        BufferedImage img = new BufferedImage(112, 84, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 84; y++) {
            for (int x = 0; x < 112; x++) {
                boolean margin = x < 14 || x >= 98;
                img.setRGB(x, y, margin ? 0xff0000 : x < 56 ? 0x00ff00 : 0x000000);
            }
        }
        Path f = dir.resolve("c.png");
        ImageIO.write(img, "png", f.toFile());
        float[] g = GrayImages.readGray(f, 28);
        assertEquals(28 * 28, g.length);
        float green = 0.587f * 255 / 127.5f - 1; // BT.601 luma of pure green, in [-1, 1]
        for (int y = 0; y < 28; y++) {
            assertEquals(green, g[y * 28 + 3], 0.02, "left part: green's luma");
            assertEquals(-1, g[y * 28 + 24], 0.02, "right part: black");
        }
    }

    @Test
    void aTransparentPixelCountsAsBlack(@TempDir Path dir) throws IOException {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00ffffff); // white but fully transparent
        img.setRGB(1, 0, 0xffffffff); // opaque white
        Path f = dir.resolve("a.png");
        ImageIO.write(img, "png", f.toFile());
        float[] g = GrayImages.readGray(f, 28);
        assertEquals(-1, g[0], 1e-6);
        assertEquals(1, g[1], 1e-6);
    }

    @Test
    void hugeImagesAreRefusedBeforeDecoding(@TempDir Path dir) throws IOException {
        BufferedImage wide = new BufferedImage(GrayImages.MAX_SIDE + 1, 1, BufferedImage.TYPE_BYTE_GRAY);
        Path f = dir.resolve("wide.png");
        ImageIO.write(wide, "png", f.toFile());
        IOException e = assertThrows(IOException.class, () -> GrayImages.readGray(f, 28));
        assertTrue(e.getMessage().contains("4097x1"), e.getMessage());
    }

    @Test
    void grayPngLevelsAreReadAsStoredNotThroughTheLinearGrayCurve(@TempDir Path dir) throws IOException {
        // Dark levels are where the JDK's linear CS_GRAY conversion errs most (getRGB: 1 -> 13, 16 -> 71).
        int[] levels = {0, 1, 2, 7, 16, 64, 128, 200, 255};
        BufferedImage img = new BufferedImage(levels.length, 1, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < levels.length; x++) {
            img.getRaster().setSample(x, 0, 0, levels[x]);
        }
        Path f = dir.resolve("g.png");
        ImageIO.write(img, "png", f.toFile());
        BufferedImage back = GrayImages.decode(f);
        float[] g = GrayImages.toGray(back.getSubimage(0, 0, 1, 1), 1); // a 1x1 crop: no resizing
        assertEquals(-1f, g[0], 1e-6);
        for (int x = 0; x < levels.length; x++) {
            float v = GrayImages.toGray(back.getSubimage(x, 0, 1, 1), 1)[0];
            assertEquals(levels[x] / 127.5f - 1f, v, 1e-6, "level " + levels[x]);
        }
    }

    @Test
    void theAppsOwnSamplePngsReadBackExactly(@TempDir Path dir) throws IOException {
        // what `sample --out` writes and `evaluate --samples` reads: a 1x4x4x1 batch in [-1, 1]
        float[] v = {-1f, -0.99f, -0.9f, -0.5f, 0f, 0.3f, 0.99f, 1f, -0.95f, -0.8f, 0.1f, 0.5f, -1f, -1f, 0.7f, 0.2f};
        org.nd4j.linalg.api.ndarray.INDArray batch = org.nd4j.linalg.factory.Nd4j.create(v, new long[] {1, 4, 4, 1});
        Path f = dir.resolve("s.png");
        SampleGrids.writePng(SampleGrids.image(batch, 0, 4), f);
        float[] g = GrayImages.readGray(f, 4);
        for (int i = 0; i < v.length; i++) {
            float want = ImageTensors.toByte(v[i]) / 127.5f - 1f;
            assertEquals(want, g[i], 1e-6, "pixel " + i);
        }
    }

    @Test
    void sixteenBitGrayPngsAreReadAsStored(@TempDir Path dir) throws IOException {
        BufferedImage img16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        img16.getRaster().setSample(0, 0, 0, 257);       // 1 in 8 bits
        img16.getRaster().setSample(1, 0, 0, 16 * 257);  // 16 in 8 bits
        Path f = dir.resolve("g16.png");
        ImageIO.write(img16, "png", f.toFile());
        BufferedImage back = GrayImages.decode(f);
        assertEquals(1 / 127.5f - 1f, GrayImages.toGray(back.getSubimage(0, 0, 1, 1), 1)[0], 1e-6);
        assertEquals(16 / 127.5f - 1f, GrayImages.toGray(back.getSubimage(1, 0, 1, 1), 1)[0], 1e-6);
    }
}
