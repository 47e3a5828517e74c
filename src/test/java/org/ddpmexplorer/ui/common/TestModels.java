package org.ddpmexplorer.ui.common;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.nn.UNetConfig;
import org.ddpmexplorer.train.ByteImageDataset;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.TrainConfig;
import org.ddpmexplorer.train.Trainer;

/** Tiny models and image folders for the UI tests. */
public final class TestModels {
    /** A tiny U-Net for 16x16 gray images (8 base channels, two levels): milliseconds per step. */
    public static final UNetConfig TINY = new UNetConfig(1, 16, 8, List.of(1, 2), 1, Set.of(), true, 0, 4, 0.0, 0, 16);

    private TestModels() {
    }

    /** A tiny model trained for a few steps on squares, with T timesteps and an optional number of classes. */
    public static Checkpoint tiny(int timesteps, int classes) {
        int n = 8, side = 16;
        byte[] px = new byte[n * side * side];
        int[] labels = new int[n];
        Random r = new Random(1);
        for (int i = 0; i < n; i++) {
            int ox = r.nextInt(side - 4), oy = r.nextInt(side - 4);
            for (int y = oy; y < oy + 4; y++) {
                for (int x = ox; x < ox + 4; x++) {
                    px[i * side * side + y * side + x] = (byte) 230;
                }
            }
            labels[i] = classes == 0 ? -1 : i % classes;
        }
        List<String> names = classes == 0 ? List.of() : List.of("a", "b", "c", "d").subList(0, classes);
        ByteImageDataset data = new ByteImageDataset("squares", px, classes == 0 ? null : labels, n, side, 1, side, names);
        Trainer t = new Trainer(TINY.withClasses(classes), new GaussianDiffusion(BetaSchedule.COSINE, timesteps), data,
                TrainConfig.defaults(3).withBatch(4).withWarmup(0).withLearningRate(1e-3));
        for (int i = 0; i < 3; i++) {
            t.trainStep();
        }
        return t.checkpoint();
    }

    /** Writes {@code count} random-rectangle PNGs of side {@code side} into {@code dir}. */
    public static Path imageFolder(Path dir, int count, int side) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(count);
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(java.awt.Color.DARK_GRAY);
            g.fillRect(0, 0, side, side);
            g.setColor(java.awt.Color.WHITE);
            int s = side / 3;
            g.fillRect(r.nextInt(side - s), r.nextInt(side - s), s, s);
            g.dispose();
            ImageIO.write(img, "png", dir.resolve("img" + i + ".png").toFile());
        }
        return dir;
    }
}
