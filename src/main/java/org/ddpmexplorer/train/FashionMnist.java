package org.ddpmexplorer.train;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST (Zalando Research, MIT licence) from its IDX files. The 10,000 test images ship
 * in the app ({@code assets/fashion-mnist/}); the 60,000 training images are used when their files
 * are found (a folder given by the user, or Debian's {@code /usr/share/datasets/fashion-mnist}).
 */
public final class FashionMnist {
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** IDX magic numbers: unsigned byte data, 3 dimensions (images) or 1 (labels). */
    static final int IMAGES_MAGIC = 0x00000803, LABELS_MAGIC = 0x00000801;
    /** Fashion-MNIST images are 28x28; the U-Net needs a side divisible by 4, so they are padded to 32. */
    public static final int SIDE = 28, MODEL_SIZE = 32;
    /** Where Debian's dataset-fashion-mnist package installs the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The folder for the user's own copy of the training files: ~/.ddpm-explorer/fashion-mnist. */
    public static Path userDir() {
        return Path.of(System.getProperty("user.home"), ".ddpm-explorer", "fashion-mnist");
    }

    /** Where the 60,000 training images are looked for when no folder is named: {@link #userDir()}, then Debian's. */
    public static List<Path> searchDirs() {
        return List.of(userDir(), DEBIAN_DIR);
    }

    private FashionMnist() {
    }

    /** The split's files in a folder: {@code train} or {@code t10k}, gzipped or not. */
    public static Path[] files(Path dir, String split) {
        Path img = dir.resolve(split + "-images-idx3-ubyte.gz"), lab = dir.resolve(split + "-labels-idx1-ubyte.gz");
        if (!Files.exists(img)) {
            img = dir.resolve(split + "-images-idx3-ubyte");
            lab = dir.resolve(split + "-labels-idx1-ubyte");
        }
        return new Path[] {img, lab};
    }

    public static boolean exists(Path dir, String split) {
        Path[] f = files(dir, split);
        return Files.isRegularFile(f[0]) && Files.isRegularFile(f[1]);
    }

    /** Loads one split ("train" or "t10k") from a folder, padded to 32x32. */
    public static ByteImageDataset load(Path dir, String split) throws IOException {
        Path[] f = files(dir, split);
        try (InputStream img = Files.newInputStream(f[0]); InputStream lab = Files.newInputStream(f[1])) {
            return read(img, f[0].toString(), f[0].toString().endsWith(".gz"), lab, f[1].toString(), split);
        }
    }

    /** Resource folder of the bundled test set inside the jar (copied from {@code assets/}). */
    static final String BUNDLED = "/assets/fashion-mnist/";

    /** The 10,000 bundled test images. */
    public static ByteImageDataset loadBundled() throws IOException {
        try (InputStream img = FashionMnist.class.getResourceAsStream(BUNDLED + "t10k-images-idx3-ubyte.gz");
             InputStream lab = FashionMnist.class.getResourceAsStream(BUNDLED + "t10k-labels-idx1-ubyte.gz")) {
            if (img == null || lab == null) {
                throw new IOException("the bundled Fashion-MNIST files are missing from the application");
            }
            return read(img, "bundled t10k images", true, lab, "bundled t10k labels", "t10k");
        }
    }

    /** The first of {@code dirs} that holds the 60,000-image training files, or null when none does. */
    public static Path findTrainDir(List<Path> dirs) {
        for (Path d : dirs) {
            if (d != null && exists(d, "train")) {
                return d;
            }
        }
        return null;
    }

    /**
     * The training set when its files are found (in {@code dir} if given, else in the first of
     * {@link #searchDirs()} that holds them), otherwise the bundled test set.
     */
    public static ByteImageDataset loadBest(Path dir) throws IOException {
        if (dir != null) {
            if (!exists(dir, "train")) {
                throw new IOException("no Fashion-MNIST training files (train-images-idx3-ubyte[.gz]) in " + dir);
            }
            return load(dir, "train");
        }
        Path found = findTrainDir(searchDirs());
        return found != null ? load(found, "train") : loadBundled();
    }

    private static ByteImageDataset read(InputStream imgStream, String imgName, boolean imgGz, InputStream labStream,
                                         String labName, String split) throws IOException {
        byte[] images;
        int count;
        try (DataInputStream in = open(imgStream, imgGz)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new IOException(imgName + ": not an IDX image file (magic " + Integer.toHexString(magic) + ")");
            }
            count = in.readInt();
            int rows = in.readInt(), cols = in.readInt();
            if (rows != SIDE || cols != SIDE || count < 1 || count > 1_000_000) {
                throw new IOException(imgName + ": expected 28x28 images, found " + count + " of " + rows + "x" + cols);
            }
            images = new byte[count * SIDE * SIDE];
            in.readFully(images);
        } catch (java.io.EOFException e) {
            throw new IOException(imgName + ": the file ends too early (truncated or still downloading?)", e);
        }
        int[] labels = new int[count];
        try (DataInputStream in = open(labStream, imgGz)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new IOException(labName + ": not an IDX label file");
            }
            int n = in.readInt();
            if (n != count) {
                throw new IOException(labName + ": " + n + " labels for " + count + " images");
            }
            for (int i = 0; i < n; i++) {
                labels[i] = in.readUnsignedByte();
                if (labels[i] >= CLASSES.size()) {
                    throw new IOException(labName + ": label " + labels[i] + " out of range");
                }
            }
        } catch (java.io.EOFException e) {
            throw new IOException(labName + ": the file ends too early (truncated or still downloading?)", e);
        }
        return new ByteImageDataset("fashion-mnist-" + split, images, labels, count, SIDE, 1, MODEL_SIZE, CLASSES);
    }

    private static DataInputStream open(InputStream raw, boolean gz) throws IOException {
        InputStream in = new java.io.BufferedInputStream(raw, 1 << 16);
        if (gz) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(in);
    }
}
