package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
    @TempDir
    Path dir;

    private Path image(String name, int w, int h, Color c) throws IOException {
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = b.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        Path p = dir.resolve(name);
        ImageIO.write(b, name.substring(name.lastIndexOf('.') + 1), p.toFile());
        return p;
    }

    @Test
    void readsCropsAndResizesColourImages() throws IOException {
        image("a.png", 64, 48, Color.RED);
        image("b.jpg", 40, 80, Color.BLUE);
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        ImageFolderDataset.Result r = ImageFolderDataset.read(dir, 32, null, () -> false);
        ByteImageDataset d = r.dataset();
        assertEquals(2, d.size());
        assertEquals(3, d.channels(), "colour images give an RGB set");
        assertEquals(32, d.imageSize());
        float[] px = new float[32 * 32 * 3];
        d.fill(0, false, px, 0);
        assertEquals(1f, px[0], 0.02f, "red");
        assertEquals(-1f, px[2], 0.02f, "no blue");
        assertTrue(r.skipped().isEmpty());
    }

    @Test
    void grayImagesGiveAGraySetAndRgbCanBeForced() throws IOException {
        image("g.png", 32, 32, Color.GRAY);
        assertEquals(1, ImageFolderDataset.read(dir, 32, null, () -> false).dataset().channels());
        assertEquals(3, ImageFolderDataset.read(dir, 32, true, () -> false).dataset().channels());
    }

    @Test
    void tooSmallAndBrokenImagesAreSkippedWithAReason() throws IOException {
        image("big.png", 40, 40, Color.WHITE);
        image("small.png", 20, 20, Color.WHITE);
        Files.writeString(dir.resolve("broken.png"), "not a png");
        ImageFolderDataset.Result r = ImageFolderDataset.read(dir, 32, null, () -> false);
        assertEquals(1, r.dataset().size());
        assertEquals(2, r.skipped().size());
        assertTrue(r.skipped().stream().anyMatch(s -> s.contains("smaller than the model size")), r.skipped().toString());
    }

    @Test
    void emptyFoldersAndFoldersWithoutUsableImagesAreRefusedClearly() throws IOException {
        IOException none = assertThrows(IOException.class, () -> ImageFolderDataset.read(dir, 32, null, () -> false));
        assertTrue(none.getMessage().startsWith("no images"), none.getMessage());
        image("tiny.png", 8, 8, Color.WHITE);
        IOException small = assertThrows(IOException.class, () -> ImageFolderDataset.read(dir, 32, null, () -> false));
        assertTrue(small.getMessage().contains("smaller than the model size"), small.getMessage());
        IOException missing = assertThrows(IOException.class,
                () -> ImageFolderDataset.read(dir.resolve("nope"), 32, null, () -> false));
        assertTrue(missing.getMessage().contains("not a folder"));
    }
}
