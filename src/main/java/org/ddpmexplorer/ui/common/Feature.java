package org.ddpmexplorer.ui.common;

import java.nio.file.Path;
import javafx.scene.Node;
import org.kordamp.ikonli.Ikon;

/**
 * One tab of the main window ("Forward process", later "Generate", "Train"). The main window
 * knows features only through this interface; adding a tab is one line in the wiring class
 * ({@code org.ddpmexplorer.app.Features}).
 */
public interface Feature {
    /** The tab's title. */
    String title();

    /** The tab's icon (an Ikonli glyph, e.g. from Material2). */
    Ikon icon();

    /** The feature's view; built once, on the FX thread. */
    Node view();

    /**
     * The tab's keyboard shortcuts and gestures in one short line, for the status bar while the tab
     * is selected ("Space play · ←/→ step"); empty when it has none.
     */
    default String keyHint() {
        return "";
    }

    /** Whether File &gt; Open and dropped files can go to this feature. */
    default boolean opensImages() {
        return false;
    }

    /** Opens an image file (called on the FX thread; the feature loads it in the background). */
    default void openImage(Path file) {
        throw new UnsupportedOperationException(title() + " does not open images");
    }

    /** Whether File &gt; Export animation… applies to this feature (it has an animation to save as a GIF). */
    default boolean exportsAnimation() {
        return false;
    }

    /** Opens the GIF export dialog for the feature's animation (FX thread); see {@link GifExportDialog}. */
    default void exportAnimation() {
        throw new UnsupportedOperationException(title() + " has no animation to export");
    }

    /** Called when the tab is shown (true) or hidden (false): pause animations when hidden. */
    default void setActive(boolean active) {
    }

    /**
     * Asked when the user closes the window. Returns true when the window may close now; false
     * to keep it open, in which case the feature may call {@code closeLater} once it is ready to
     * close (e.g. after saving), or never (the user chose to keep working). FX thread.
     */
    default boolean requestClose(Runnable closeLater) {
        return true;
    }

    /** Stops the feature's background work and animations; called once, when the window closes. */
    default void dispose() {
    }
}
