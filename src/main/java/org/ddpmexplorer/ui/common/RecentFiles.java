package org.ddpmexplorer.ui.common;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The most recently opened files, newest first, remembered between launches in
 * {@link java.util.prefs.Preferences}. Also remembers the folder of the last file dialog.
 * FX thread only.
 */
public final class RecentFiles {
    /** How many files the File &gt; Open recent menu lists. */
    public static final int MAX = 8;
    private static final String KEY = "recent.";
    private static final String DIR_KEY = "lastDirectory";

    private final Preferences prefs;
    private final ObservableList<Path> files = FXCollections.observableArrayList();
    private final ObservableList<Path> readOnly = FXCollections.unmodifiableObservableList(files);

    public RecentFiles(Preferences prefs) {
        this.prefs = prefs;
        for (int i = 0; i < MAX; i++) {
            String p = prefs.get(KEY + i, null);
            if (p != null && !p.isBlank()) {
                try {
                    files.add(Path.of(p));
                } catch (RuntimeException e) {
                    // an unparsable entry from another system: skip it
                }
            }
        }
    }

    /** The app's own preferences node (a separate one under test, so tests do not touch a user's list). */
    public static Preferences defaultNode() {
        Preferences root = Preferences.userRoot().node("org/ddpmexplorer");
        return Boolean.getBoolean("ddpm.test") ? root.node("test") : root;
    }

    /** Newest first, at most {@link #MAX}. */
    public ObservableList<Path> files() {
        return readOnly;
    }

    /** Puts a file at the top of the list. */
    public void add(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        List<Path> next = new ArrayList<>(files);
        next.remove(abs);
        next.add(0, abs);
        while (next.size() > MAX) {
            next.remove(next.size() - 1);
        }
        files.setAll(next);
        Path dir = abs.getParent();
        if (dir != null) {
            prefs.put(DIR_KEY, dir.toString());
        }
        save();
    }

    public void remove(Path file) {
        files.remove(file.toAbsolutePath().normalize());
        save();
    }

    public void clear() {
        files.clear();
        save();
    }

    /** The folder of the last opened file, if any. */
    public Path lastDirectory() {
        String d = prefs.get(DIR_KEY, null);
        return d == null ? null : Path.of(d);
    }

    private void save() {
        for (int i = 0; i < MAX; i++) {
            if (i < files.size()) {
                prefs.put(KEY + i, files.get(i).toString());
            } else {
                prefs.remove(KEY + i);
            }
        }
        try {
            prefs.flush();
        } catch (BackingStoreException e) {
            // preferences are a convenience: losing them must not break the app
        }
    }
}
