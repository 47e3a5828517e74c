package org.ddpmexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.ddpmexplorer.train.ByteImageDataset;
import org.ddpmexplorer.train.FashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    /** The exit status, stdout and stderr of one run of the command line. */
    record Run(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = DdpmCommand.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertBadInput(Run r, String expected) {
        assertEquals(CliErrors.BAD_INPUT, r.status(), r.err());
        assertEquals(1, r.errLines().size(), "one line on stderr: " + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aMissingFolderExitsWith2(@TempDir Path dir) {
        assertBadInput(run("evaluate", "--samples", dir.resolve("nope").toString()), "no such folder");
    }

    @Test
    void anEmptyFolderExitsWith2(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not a png");
        assertBadInput(run("evaluate", "--samples", dir.toString()), "no .png images");
    }

    @Test
    void aPngThatIsNotAnImageExitsWith2(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("fake.png"), "this is text, not a PNG");
        assertBadInput(run("evaluate", "--samples", dir.toString()), "fake.png");
    }

    @Test
    void neitherSamplesNorRealExitsWith2() {
        Run r = run("evaluate");
        assertEquals(CliErrors.BAD_INPUT, r.status());
        assertEquals(1, r.errLines().size(), r.err());
    }

    @Test
    void aFolderOfImagesGetsOneFigurePerLine(@TempDir Path dir) throws IOException {
        ByteImageDataset test = FashionMnist.loadBundled();
        int n = 40; // images written; any size is accepted, so every other one is saved at 56x56 RGB
        for (int i = 0; i < n; i++) {
            byte[] raw = test.raw(i);
            int scale = i % 2 == 0 ? 1 : 2;
            BufferedImage img = new BufferedImage(28 * scale, 28 * scale,
                    scale == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 28 * scale; y++) {
                for (int x = 0; x < 28 * scale; x++) {
                    int v = raw[(y / scale) * 28 + x / scale] & 0xff;
                    img.setRGB(x, y, 0xff000000 | v << 16 | v << 8 | v);
                }
            }
            ImageIO.write(img, "png", dir.resolve(String.format("sample_%03d.png", i)).toFile());
        }
        Run r = run("evaluate", "--samples", dir.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("images", "classes_present", "mean_confidence", "inception_score", "fid_fmnist", "class_counts"),
                lines.stream().map(l -> l.split(" ")[1]).toList());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("evaluate ") && l.split(" ").length == 3), r.out());
        assertEquals("evaluate images 40", lines.get(0));
        int present = Integer.parseInt(lines.get(1).split(" ")[2]);
        assertTrue(present >= 8, "classes among 40 real test images: " + present);
        double confidence = Double.parseDouble(lines.get(2).split(" ")[2]);
        assertTrue(confidence > 0.7 && confidence <= 1, lines.get(2));
    }
}
