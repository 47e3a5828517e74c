package org.ddpmexplorer.ui.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.ddpmexplorer.io.ImageLoader;
import org.ddpmexplorer.train.Checkpoint;
import org.ddpmexplorer.train.Dataset;
import org.ddpmexplorer.train.FashionMnist;
import org.ddpmexplorer.train.ImageFolderDataset;
import org.ddpmexplorer.ui.common.ModelStore;
import org.ddpmexplorer.ui.common.TaskExecutor;

/**
 * What a run trains on: the chosen folder of images and its check, and which Fashion-MNIST images
 * runs on Fashion-MNIST use (the 60,000 training images when their folder is found, else the 10,000
 * bundled test images). Its properties are read on the FX thread; {@link #load} runs on the training
 * thread.
 */
public final class TrainData {
    private final TaskExecutor executor;
    /** Where to look for the 60,000 Fashion-MNIST training images, in order. */
    private final List<Path> fmnistDirs;

    private final ReadOnlyStringWrapper folderError = new ReadOnlyStringWrapper(this, "folderError");
    private final ReadOnlyStringWrapper folderInfo = new ReadOnlyStringWrapper(this, "folderInfo", "");
    private final ReadOnlyObjectWrapper<Path> folder = new ReadOnlyObjectWrapper<>(this, "folder");
    private final ReadOnlyObjectWrapper<Path> fmnistTrainDir = new ReadOnlyObjectWrapper<>(this, "fmnistTrainDir");
    private final ReadOnlyBooleanWrapper fmnistChecked = new ReadOnlyBooleanWrapper(this, "fmnistChecked");
    private long folderGeneration;

    TrainData(TaskExecutor executor, List<Path> fmnistDirs) {
        this.executor = executor;
        this.fmnistDirs = List.copyOf(fmnistDirs);
    }

    /**
     * Where the Train tab looks for the 60,000 Fashion-MNIST training images: the folder of the system
     * property {@code ddpm.fmnistDir} if set, then {@link FashionMnist#searchDirs()} (the user's folder,
     * Debian's), as the command line does.
     */
    public static List<Path> defaultFashionMnistDirs() {
        String dir = System.getProperty("ddpm.fmnistDir");
        if (dir == null || dir.isBlank()) {
            return FashionMnist.searchDirs();
        }
        return Stream.concat(Stream.of(Path.of(dir)), FashionMnist.searchDirs().stream()).toList();
    }

    /** The folders looked in for the 60,000 training images, in order. */
    public List<Path> fashionMnistDirs() {
        return fmnistDirs;
    }

    /** The chosen image folder (null: Fashion-MNIST). */
    public ReadOnlyObjectProperty<Path> folderProperty() {
        return folder.getReadOnlyProperty();
    }

    /** What is wrong with the chosen folder (null: nothing, or no folder). */
    public ReadOnlyStringProperty folderErrorProperty() {
        return folderError.getReadOnlyProperty();
    }

    /** "1,204 images" for a good folder. */
    public ReadOnlyStringProperty folderInfoProperty() {
        return folderInfo.getReadOnlyProperty();
    }

    /**
     * The folder with the 60,000 Fashion-MNIST training images that runs on Fashion-MNIST use (null:
     * not found, runs use the 10,000 bundled test images). Valid once {@link #fmnistCheckedProperty()}.
     */
    public ReadOnlyObjectProperty<Path> fmnistTrainDirProperty() {
        return fmnistTrainDir.getReadOnlyProperty();
    }

    /** Whether the folders of {@link #fashionMnistDirs()} have been looked in. */
    public ReadOnlyBooleanProperty fmnistCheckedProperty() {
        return fmnistChecked.getReadOnlyProperty();
    }

    /** Looks for the 60,000 Fashion-MNIST training images in the background. */
    public void findFashionMnist() {
        executor.submit(() -> Optional.ofNullable(FashionMnist.findTrainDir(fmnistDirs)))
                .whenComplete((d, ex) -> Platform.runLater(() -> {
                    fmnistTrainDir.set(ex == null ? d.orElse(null) : null);
                    fmnistChecked.set(true);
                }));
    }

    /**
     * Chooses a folder of images (null: back to Fashion-MNIST) and checks it in the background: a
     * missing or empty folder, or one without images, sets the folder's error.
     */
    public void chooseFolder(Path dir) {
        long gen = ++folderGeneration;
        folder.set(dir);
        folderInfo.set(dir == null ? "" : "Checking " + dir.getFileName() + "…");
        folderError.set(dir == null ? null : "Checking the folder…");
        if (dir == null) {
            return;
        }
        executor.submit(() -> scanFolder(dir)).whenComplete((n, ex) -> Platform.runLater(() -> {
            if (gen != folderGeneration) {
                return;
            }
            if (ex != null) {
                folderError.set(ModelStore.message(ex));
                folderInfo.set("");
            } else {
                folderError.set(null);
                folderInfo.set(String.format(Locale.ROOT, "%,d image%s%s", n, n == 1 ? "" : "s",
                        n >= ImageFolderDataset.MAX_IMAGES ? " (the first " + ImageFolderDataset.MAX_IMAGES + " are used)" : ""));
            }
        }));
    }

    /** Counts the image files of a folder (as ImageFolderDataset finds them); throws with a message when there are none. */
    static int scanFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir.getFileName() + " is not a folder");
        }
        long all, images;
        try (Stream<Path> s = Files.walk(dir, 3)) {
            List<Path> files = s.filter(Files::isRegularFile).limit(1_000_000).toList();
            all = files.size();
            images = files.stream().filter(TrainData::isImage).count();
        }
        if (all == 0) {
            throw new IOException("The folder is empty: put some images (PNG, JPEG, …) in it");
        }
        if (images == 0) {
            throw new IOException("No images in this folder (" + all + " other file" + (all == 1 ? "" : "s")
                    + "); it needs " + String.join(", ", ImageLoader.EXTENSIONS) + " files");
        }
        return (int) Math.min(images, ImageFolderDataset.MAX_IMAGES);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && ImageLoader.EXTENSIONS.contains(n.substring(dot + 1));
    }

    /**
     * The data of a run with settings {@code s} (continuing {@code base}, or null): Fashion-MNIST or the
     * folder's images at the model's size. Training thread. {@code skipped} hears of the files of a folder
     * that cannot be used, {@code fallback} that the Fashion-MNIST training files cannot be read (the run
     * uses the bundled images); {@code cancelled} ends the reading of a folder early (an InterruptedIOException).
     */
    Dataset load(TrainSettings s, Checkpoint base, BooleanSupplier cancelled, Consumer<String> skipped,
                 Consumer<String> fallback) throws IOException {
        if (s.folder() == null) {
            Dataset d = loadFashionMnist(fallback);
            if (base != null && (base.header().unet().imageSize() != d.imageSize() || base.header().unet().imageChannels() != 1)) {
                throw new IOException("the loaded model is for " + base.header().unet().imageSize() + "x"
                        + base.header().unet().imageSize() + " images; Fashion-MNIST is 32x32 gray");
            }
            return d;
        }
        int size = base == null ? s.imageSize() : base.header().unet().imageSize();
        Boolean rgb = base == null ? null : base.header().unet().imageChannels() == 3;
        ImageFolderDataset.Result res = ImageFolderDataset.read(s.folder(), size, rgb, cancelled);
        if (!res.skipped().isEmpty()) {
            skipped.accept(String.format(Locale.ROOT, "Skipped %d file%s (%s%s)", res.skipped().size(),
                    res.skipped().size() == 1 ? "" : "s", res.skipped().get(0), res.skipped().size() > 1 ? ", …" : ""));
        }
        return res.dataset();
    }

    /**
     * The 60,000 training images when their folder is found, else the 10,000 bundled test images; a
     * folder whose files cannot be read falls back to the bundled images too, and {@code fallback} hears why.
     */
    private Dataset loadFashionMnist(Consumer<String> fallback) throws IOException {
        Path dir = FashionMnist.findTrainDir(fmnistDirs);
        if (dir != null) {
            try {
                return FashionMnist.load(dir, "train");
            } catch (IOException | RuntimeException e) {
                fallback.accept("Cannot read the Fashion-MNIST training images in " + dir + " (" + ModelStore.message(e)
                        + "): training on the 10,000 bundled images instead");
            }
        }
        return FashionMnist.loadBundled();
    }
}
