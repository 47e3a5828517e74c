package org.ddpmexplorer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every format the app promises, and every kind of bad file. The fixtures in
 * src/test/resources/fixtures were made with ImageMagick from one 32x24 picture with four
 * quadrants: red (top left), green (top right), blue (bottom left), white (bottom right).
 */
class ImageLoaderTest {
    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    private static float[] rgb(ImageTensor t, int x, int y) {
        int o = (y * t.width() + x) * 3;
        return new float[] {t.data()[o], t.data()[o + 1], t.data()[o + 2]};
    }

    private static void assertColour(float[] expected, float[] actual, double tol, String what) {
        for (int c = 0; c < 3; c++) {
            assertEquals(expected[c], actual[c], tol, what + " channel " + c + ": " + Arrays.toString(actual));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"quad.png,0.01", "rgb16.png,0.01", "quad.bmp,0.01", "anim.gif,0.01", "lossless.webp,0.01",
            "lossy.webp,0.2", "cmyk.jpg,0.25"})
    void everyFormatLoadsWithTheRightColours(String file, double tol) throws IOException {
        LoadedImage img = ImageLoader.load(fixture(file));
        assertEquals(32, img.originalWidth());
        assertEquals(24, img.originalHeight());
        ImageTensor t = img.source();
        assertEquals(32, t.width());
        assertEquals(24, t.height());
        assertEquals(3, t.channels());
        assertColour(new float[] {1, -1, -1}, rgb(t, 4, 4), tol, file + " red");
        assertColour(new float[] {-1, 1, -1}, rgb(t, 27, 4), tol, file + " green");
        assertColour(new float[] {-1, -1, 1}, rgb(t, 4, 19), tol, file + " blue");
        assertColour(new float[] {1, 1, 1}, rgb(t, 27, 19), tol, file + " white");
        assertEquals(file, img.name());
    }

    @Test
    void sixteenBitGreyKeepsItsValues() throws IOException {
        ImageTensor t = ImageLoader.load(fixture("gray16.png")).source();
        // a vertical gradient from black (top) to white (bottom): grey, rising
        assertColour(new float[] {-1, -1, -1}, rgb(t, 5, 0), 0.01, "top");
        assertColour(new float[] {1, 1, 1}, rgb(t, 5, 23), 0.01, "bottom");
        float mid = rgb(t, 5, 12)[0];
        assertEquals(0, mid, 0.1, "middle row is mid grey, not gamma-shifted");
    }

    @Test
    void roundTripThroughPng() throws IOException {
        float[] v = new float[20 * 10 * 3];
        Random r = new Random(1);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round(r.nextFloat() * 255) / 127.5f - 1; // exactly representable in 8 bits
        }
        ImageTensor t = new ImageTensor(10, 20, 3, v);
        Path png = dir.resolve("x.png");
        ImageSaver.savePng(t, png);
        ImageTensor back = ImageLoader.load(png).source();
        assertEquals(10, back.height());
        assertEquals(20, back.width());
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i], back.data()[i], 1e-6, "value " + i);
        }
    }

    @Test
    void bigImageIsSubsampledOnReadAndDownscaled() throws IOException {
        BufferedImage big = new BufferedImage(3000, 2000, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 1500, 2000);
        g.setColor(Color.BLUE);
        g.fillRect(1500, 0, 1500, 2000);
        g.dispose();
        Path jpg = dir.resolve("big.jpg");
        ImageIO.write(big, "jpeg", jpg.toFile());
        assertEquals(2, ImageLoader.subsampling(3000, 2000));
        LoadedImage img = ImageLoader.load(jpg);
        assertEquals(3000, img.originalWidth());
        assertEquals(2000, img.originalHeight());
        assertEquals(ImageLoader.SOURCE_LONG_SIDE, img.source().longSide());
        ImageTensor work = img.atWorkingSize(256);
        assertEquals(256, work.width());
        assertEquals(171, work.height()); // 2000 · 256/3000 = 170.7
        assertColour(new float[] {1, -1, -1}, rgb(work, 10, 80), 0.1, "left half red");
        assertColour(new float[] {-1, -1, 1}, rgb(work, 245, 80), 0.1, "right half blue");
        // a small image keeps its own resolution
        assertEquals(32, ImageLoader.load(fixture("quad.png")).atWorkingSize(256).width());
    }

    @Test
    void areaAverageOfAConstantIsTheConstant() {
        float[] v = new float[7 * 13 * 3];
        Arrays.fill(v, 0.25f);
        ImageTensor t = ImageTensors.resizeArea(new ImageTensor(7, 13, 3, v), 5, 3);
        for (float x : t.data()) {
            assertEquals(0.25f, x, 1e-6);
        }
    }

    private void assertRefused(Path p, String reason) {
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> ImageLoader.load(p));
        assertTrue(e.getMessage().contains(p.getFileName().toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(reason), "says why (" + reason + "): " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void missingEmptyFolderAndTextFiles() throws IOException {
        assertRefused(dir.resolve("nope.png"), "no such file");
        assertRefused(Files.createFile(dir.resolve("empty.png")), "empty");
        assertRefused(Files.createDirectory(dir.resolve("folder.png")), "folder");
        assertRefused(Files.writeString(dir.resolve("notes.png"), "these are not pixels\n"), "not an image");
    }

    @ParameterizedTest(name = "truncated {0}")
    @ValueSource(strings = {"quad.png", "rgb16.png", "cmyk.jpg", "quad.bmp", "anim.gif", "lossy.webp"})
    void truncatedFilesAreRefused(String file) throws IOException {
        byte[] all = Files.readAllBytes(fixture(file));
        Path cut = dir.resolve("cut-" + file);
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        assertRefused(cut, "truncated or corrupt");
    }

    @Test
    void truncatedRealJpegIsRefused() throws IOException {
        byte[] all;
        try (InputStream in = getClass().getResourceAsStream("/sample-images/rocket.jpg")) {
            all = in.readAllBytes();
        }
        Path cut = dir.resolve("rocket-cut.jpg");
        Files.write(cut, Arrays.copyOf(all, all.length / 3));
        assertRefused(cut, "truncated or corrupt");
    }

    @Test
    void corruptDataAfterAValidHeaderIsRefused() throws IOException {
        byte[] all = Files.readAllBytes(fixture("rgb16.png"));
        byte[] bad = all.clone();
        for (int i = 40; i < bad.length - 12; i++) {
            bad[i] = (byte) (i * 31); // overwrite the compressed pixel data
        }
        Path p = dir.resolve("garbled.png");
        Files.write(p, bad);
        assertRefused(p, "truncated or corrupt");
    }

    @Test
    void hugeDimensionsAreRefusedBeforeDecoding() throws IOException {
        // A PNG header that claims 100000 x 100000 pixels (10 gigapixels), with valid CRCs.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        Path p = dir.resolve("bomb.png");
        Files.write(p, out.toByteArray());
        assertRefused(p, "too large");
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
