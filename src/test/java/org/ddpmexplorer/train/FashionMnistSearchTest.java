package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the 60,000 training images are found when no folder is named: the command line
 * ({@link FashionMnist#loadBest}) looks where the Train tab does, the user's folder first.
 */
class FashionMnistSearchTest {
    private final String home = System.getProperty("user.home");

    @AfterEach
    void restoreHome() {
        System.setProperty("user.home", home);
    }

    /** {@code n} 28x28 images and their labels in the IDX format, as the training split. */
    private static void writeTrainFiles(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(FashionMnist.IMAGES_MAGIC);
        d.writeInt(n);
        d.writeInt(FashionMnist.SIDE);
        d.writeInt(FashionMnist.SIDE);
        d.write(new byte[n * FashionMnist.SIDE * FashionMnist.SIDE]);
        Files.write(dir.resolve("train-images-idx3-ubyte"), b.toByteArray());
        ByteArrayOutputStream l = new ByteArrayOutputStream();
        DataOutputStream dl = new DataOutputStream(l);
        dl.writeInt(FashionMnist.LABELS_MAGIC);
        dl.writeInt(n);
        for (int i = 0; i < n; i++) {
            dl.writeByte(i % 10);
        }
        Files.write(dir.resolve("train-labels-idx1-ubyte"), l.toByteArray());
    }

    @Test
    void theUsersFolderComesFirstThenDebians(@TempDir Path tmp) {
        System.setProperty("user.home", tmp.toString());
        assertEquals(List.of(tmp.resolve(".ddpm-explorer").resolve("fashion-mnist"), FashionMnist.DEBIAN_DIR),
                FashionMnist.searchDirs());
    }

    @Test
    void withoutAFolderNamedTheTrainingFilesInTheUsersFolderAreLoaded(@TempDir Path tmp) throws IOException {
        System.setProperty("user.home", tmp.toString());
        writeTrainFiles(FashionMnist.userDir(), 12);
        assertEquals(12, FashionMnist.loadBest(null).size());
    }
}
