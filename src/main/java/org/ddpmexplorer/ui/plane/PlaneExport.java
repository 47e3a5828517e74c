package org.ddpmexplorer.ui.plane;

import java.nio.file.Path;
import java.util.NoSuchElementException;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.FileChooser;
import org.ddpmexplorer.diffusion.EmpiricalMixture;
import org.ddpmexplorer.diffusion.ForwardNoise;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.io.AnimationFrame;
import org.ddpmexplorer.io.AnimationSource;
import org.ddpmexplorer.io.ImageTensor;
import org.ddpmexplorer.io.SampleGrids;
import org.ddpmexplorer.train.PointSet;
import org.ddpmexplorer.ui.common.AnimationExport;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.GifExportDialog;

/**
 * The plane's exports: a PNG of the plot as shown, and the animation as a GIF through the app's
 * {@link GifExportDialog}: the reverse run (the particles and their trails, T down to 0) when there
 * is one and the view is not Forward, else the forward process (x_t over the exact density, 0 up to
 * T). GIF frames are drawn by {@link PointRaster} on the export's background thread.
 */
final class PlaneExport {
    /** Side of a GIF frame in pixels (the dialog can zoom it). */
    static final int FRAME = 360;

    private PlaneExport() {
    }

    static void savePng(PlaneView v, AppContext ctx) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save frame as PNG");
        fc.setInitialFileName("plane-" + v.c.mode.get().label.toLowerCase(java.util.Locale.ROOT) + "-t" + v.c.timeline.t.get() + ".png");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image (*.png)", "*.png"));
        var f = fc.showSaveDialog(v.getScene() == null ? null : v.getScene().getWindow());
        if (f != null) {
            savePng(v, ctx, f.toPath());
        }
    }

    /** Snapshots the plot (FX thread) and writes it in the background. */
    static void savePng(PlaneView v, AppContext ctx, Path file) {
        WritableImage img = v.plots.node().snapshot(null, null);
        var buffered = SwingFXUtils.fromFXImage(img, null);
        ctx.executor().submit(() -> {
            SampleGrids.writePng(buffered, file);
            return file;
        }).whenComplete((p, e) -> ctx.status().show(e == null ? "Saved " + file.getFileName()
                : "Could not save " + file.getFileName() + ": " + PlaneData.rootMessage(e)));
    }

    /** The animation of the current view, or null when there is nothing to animate. FX thread. */
    static AnimationExport animation(PlaneController c) {
        PointSet data = c.data.pointsProperty().get();
        GaussianDiffusion d = c.diffusionProperty().get();
        if (data == null || d == null || c.data.sketchingProperty().get()) {
            return null;
        }
        Trajectory tr = c.sampling.trajectoryProperty().get();
        boolean reverse = tr != null && c.mode.get() != PlaneController.Mode.FORWARD;
        if (reverse) {
            return new AnimationExport("Reverse process, " + tr.particles() + " particles", "plane-reverse.gif", tr.states(),
                    1, false, FRAME, FRAME, 1, () -> reverse(tr, data));
        }
        boolean showDensity = c.showDensity.get();
        return new AnimationExport("Forward process, T = " + d.timesteps(), "plane-forward.gif", d.timesteps() + 1, 1, false,
                FRAME, FRAME, 1, () -> forward(d, data, showDensity));
    }

    static void exportGif(PlaneView v, AppContext ctx) {
        AnimationExport a = animation(v.c);
        if (a == null) {
            ctx.status().show("Nothing to animate yet");
            return;
        }
        v.c.timeline.pause();
        GifExportDialog.show(v.getScene() == null ? null : v.getScene().getWindow(), ctx, a);
    }

    /** The forward process, t = 0..T: x_t with the view's fixed ε per point, over the exact density. */
    static AnimationSource forward(GaussianDiffusion d, PointSet data, boolean density) {
        float[] x0 = data.xy();
        float[] eps = ForwardNoise.gaussian(PlaneController.NOISE_SEED, x0.length);
        EmpiricalMixture mix = density
                ? new EmpiricalMixture(d, data.subsample(PlaneController.DENSITY_POINTS, PlaneController.NOISE_SEED).xy()) : null;
        return frames(d.timesteps() + 1, k -> k, (t, r) -> {
            if (mix != null) {
                float[] grid = new float[PlaneController.DENSITY_RES * PlaneController.DENSITY_RES];
                mix.densityGrid(t, -PointRaster.RANGE, PointRaster.RANGE, PlaneController.DENSITY_RES, grid);
                r.density(grid, PlaneController.DENSITY_RES);
            }
            float[] xt = new float[x0.length];
            d.qSample(x0, t, eps, xt, 0, x0.length);
            r.dots(xt, -1, PlanePainter.FORWARD, 1.2, 0.5);
        });
    }

    /** The reverse run, state by state from x_T: the data faintly, the particles, and trails of a subset. */
    static AnimationSource reverse(Trajectory tr, PointSet data) {
        return frames(tr.states(), k -> tr.ts()[k], (t, r) -> {
            int k = tr.stateAt(t);
            r.dots(data.xy(), -1, PlanePainter.DATA, 1.1, 0.12);
            int n = tr.particles(), stride = Math.max(1, n / PlanePainter.TRAILS);
            for (int i = 0; i < n; i += stride) {
                for (int s = 1; s <= k; s++) {
                    double age = (double) s / Math.max(1, k);
                    r.line(tr.x()[s - 1][2 * i], tr.x()[s - 1][2 * i + 1], tr.x()[s][2 * i], tr.x()[s][2 * i + 1],
                            PlanePainter.SAMPLE, 0.08 + 0.4 * age * age);
                }
            }
            r.dots(tr.x()[k], -1, PlanePainter.SAMPLE, 1.3, 0.6);
        });
    }

    private interface FramePainter {
        void paint(int t, PointRaster r);
    }

    private static AnimationSource frames(int count, java.util.function.IntUnaryOperator timestep, FramePainter painter) {
        return new AnimationSource() {
            private int next;

            @Override
            public int size() {
                return count;
            }

            @Override
            public int batch() {
                return 1;
            }

            @Override
            public boolean hasPredictedStart() {
                return false;
            }

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public AnimationFrame next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int t = timestep.applyAsInt(next++);
                return new AnimationFrame() {
                    private ImageTensor image;

                    @Override
                    public int t() {
                        return t;
                    }

                    @Override
                    public ImageTensor xt(int i) {
                        if (image == null) {
                            PointRaster r = new PointRaster(FRAME);
                            r.clear();
                            painter.paint(t, r);
                            image = new ImageTensor(FRAME, FRAME, 3, r.toRgbTensor());
                        }
                        return image;
                    }

                    @Override
                    public ImageTensor predictedStart(int i) {
                        return null;
                    }
                };
            }
        };
    }
}
