package org.ddpmexplorer.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Finds model files: a path, or the word {@code pretrained} for the model that ships with the app. */
public final class Models {
    /** Class-path location of the shipped model (copied from the repository's {@code pretrained/}). */
    public static final String PRETRAINED_RESOURCE = "/pretrained/fmnist.ckpt";

    private Models() {
    }

    /** Loads {@code pretrained} or a file. */
    public static Checkpoint load(String spec) throws IOException {
        if ("pretrained".equalsIgnoreCase(spec)) {
            return loadPretrained();
        }
        return Checkpoint.load(Path.of(spec));
    }

    /** Whether the app was built with a pretrained model. */
    public static boolean hasPretrained() {
        return Models.class.getResource(PRETRAINED_RESOURCE) != null;
    }

    /** The model that ships with the app. */
    public static Checkpoint loadPretrained() throws IOException {
        try (InputStream in = Models.class.getResourceAsStream(PRETRAINED_RESOURCE)) {
            if (in == null) {
                throw new IOException("this build has no pretrained model (pretrained/fmnist.ckpt)");
            }
            return Checkpoint.load(in, "the pretrained model");
        }
    }
}
