package org.ddpmexplorer.ui.common;

import java.util.Objects;

/**
 * What the main window hands every feature: the shared background executor, the status bar's
 * model, the recent-files list, and the two small models that features share without knowing each
 * other: the loaded diffusion model ({@link ModelStore}: Generate samples from it, Train publishes
 * to it, the Model menu opens and saves it) and the forward view's noised image
 * ({@link NoisedImage}, for "Denoise from here").
 */
public record AppContext(TaskExecutor executor, StatusModel status, RecentFiles recentFiles, ModelStore models,
                         SharedImage forwardImage) {
    public AppContext {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(recentFiles, "recentFiles");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(forwardImage, "forwardImage");
    }

    /** A context with an empty model store and no shared image. */
    public AppContext(TaskExecutor executor, StatusModel status, RecentFiles recentFiles) {
        this(executor, status, recentFiles, new ModelStore(executor, status), new SharedImage());
    }
}
