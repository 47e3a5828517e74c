package org.ddpmexplorer.ui.generate;

import javafx.scene.Node;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.Feature;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/** The "Generate" tab: watch the model turn noise into an image, step by step. */
public final class GenerateFeature implements Feature {
    /** {@code -Dddpm.model=FILE} opens that model at start instead of the bundled one. */
    public static final String MODEL_PROPERTY = "ddpm.model";
    private final AppContext ctx;
    private final GenerateController controller;
    private GenerateView view; // built when the tab is first shown (startup time)

    /** Builds the tab; the bundled model (if this build has one) loads in the background. FX thread. */
    public GenerateFeature(AppContext ctx) {
        this.ctx = ctx;
        controller = new GenerateController(ctx);
        String model = System.getProperty(MODEL_PROPERTY);
        if (model != null && !model.isBlank()) {
            ctx.models().open(java.nio.file.Path.of(model));
        } else if (ctx.models().get() == null) {
            ctx.models().loadPretrained();
        }
    }

    public GenerateController controller() {
        return controller;
    }

    @Override
    public String title() {
        return "Generate";
    }

    @Override
    public Ikon icon() {
        return Material2OutlinedMZ.PHOTO_FILTER;
    }

    @Override
    public boolean exportsAnimation() {
        return controller.trajectoryProperty().get() != null;
    }

    @Override
    public void exportAnimation() {
        var request = controller.animationExport();
        if (request == null) {
            ctx.status().show("Generate first: the animation is the trajectory of the last run");
            return;
        }
        controller.pause();
        org.ddpmexplorer.ui.common.GifExportDialog.show(view == null || view.getScene() == null ? null : view.getScene().getWindow(), ctx,
                request);
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new GenerateView(controller, ctx);
        }
        return view;
    }

    @Override
    public String keyHint() {
        return "Ctrl+G generate · Esc cancel · Space play · ←/→ step · Home/End";
    }

    @Override
    public void setActive(boolean active) {
        if (!active) {
            controller.pause();
        }
    }

    @Override
    public void dispose() {
        controller.dispose();
    }
}
