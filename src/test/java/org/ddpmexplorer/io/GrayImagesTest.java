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
}
