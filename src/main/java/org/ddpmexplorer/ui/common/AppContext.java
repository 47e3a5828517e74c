package org.ddpmexplorer.ui.common;

import java.util.Objects;

/**
 * What the main window hands every feature: the shared background executor, the status bar's
 * model and the recent-files list.
 */
public record AppContext(TaskExecutor executor, StatusModel status, RecentFiles recentFiles) {
    public AppContext {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(recentFiles, "recentFiles");
    }
}
