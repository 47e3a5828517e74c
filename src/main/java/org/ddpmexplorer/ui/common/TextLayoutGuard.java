package org.ddpmexplorer.ui.common;

/**
 * Keeps JavaFX's shared text shaper out of use, so that no two text layouts ever share one. JavaFX (21.0.x)
 * shapes text on Linux with {@code com.sun.javafx.font.freetype.PangoGlyphLayout} and hands one reusable
 * instance to whichever thread asks first ({@code GlyphLayout.getInstance()}); its {@code dispose()} marks
 * that instance free <em>before</em> it frees the UTF-8 copies of the text it shaped and clears their map.
 * When a second thread takes the instance in that window, one thread frees the other's strings and both
 * free them again: the native heap is corrupted and the JVM later dies in {@code malloc} inside Pango.
 * {@link #install()} takes the reusable instance once and never gives it back; every layout then makes an
 * instance of its own ({@code GlyphLayout.getInstance()}'s path when the shared one is in use). The cost is
 * one small object per layout.
 * <p>
 * The guard does not make text shaping on two threads at once safe: every {@code PangoGlyphLayout} shapes
 * with one Pango font map that JavaFX shares between all layouts ({@code private static final long
 * fontmap}), and Pango is not thread-safe. The app therefore shapes all its text on the FX thread: labels
 * and {@code Text} nodes are laid out there, and the charts that draw on canvases show their text as
 * {@code Text} nodes over the canvas ({@link CanvasLabels}) instead of {@code GraphicsContext.fillText},
 * which the render thread would shape when the frame renders ({@code ArchitectureTest} forbids it).
 * {@code TextLayoutGuardTest} checks that each layout gets an instance of its own, and that the charts
 * redrawn every frame while the render thread renders leave the heap intact.
 * <p>
 * The class is JavaFX's internal API, reached by reflection: on the class path it is open; the packaged
 * runtime, where JavaFX is a module, opens its package to the app ({@code --add-opens} in the
 * launcher's options). Where neither holds, {@link #install()} says so on stderr and the app runs on.
 */
public final class TextLayoutGuard {
    private TextLayoutGuard() {
    }

    /** The held instance (kept reachable; it is never used). */
    private static volatile Object held;

    /**
     * Takes JavaFX's reusable glyph layout for the life of the JVM (once; later calls do nothing).
     * Call it on the FX thread before any window is shown.
     *
     * @return whether the guard is in place
     */
    public static synchronized boolean install() {
        if (held != null) {
            return true;
        }
        try {
            Class<?> layout = Class.forName("com.sun.javafx.text.GlyphLayout");
            java.lang.reflect.Method getInstance = layout.getMethod("getInstance");
            java.lang.reflect.Field reusable = layout.getDeclaredField("reusableGL");
            reusable.setAccessible(true);
            Object shared = reusable.get(null);
            // another thread may hold the shared instance for a moment: getInstance() then makes a new one
            for (int attempt = 0; attempt < 1000; attempt++) {
                Object got = getInstance.invoke(null);
                if (got == shared) {
                    held = got;
                    return true;
                }
                layout.getMethod("dispose").invoke(got);
                Thread.sleep(1);
            }
            System.err.println("warning: JavaFX's shared text layout stayed in use; text laid out on two threads at once"
                    + " may crash the app");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            System.err.println("warning: JavaFX's shared text layout could not be reserved (" + e
                    + "); text laid out on two threads at once may crash the app");
            return false;
        }
    }

    /** Whether {@link #install()} has succeeded. */
    public static boolean installed() {
        return held != null;
    }
}
