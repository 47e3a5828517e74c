package org.ddpmexplorer.ui.plane;

import javafx.scene.Node;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.Feature;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;

/** The "Plane" tab: diffusion in two dimensions, a model that trains in seconds, and the exact answers beside it. */
public final class PlaneFeature implements Feature {
    private final AppContext ctx;
    private PlaneController controller; // with the view: nothing of the plane runs before the tab is shown
    private PlaneView view;

    public PlaneFeature(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String title() {
        return "Plane";
    }

    @Override
    public Ikon icon() {
        return Material2OutlinedAL.BUBBLE_CHART;
    }

    @Override
    public Node view() {
        if (view == null) {
            controller = new PlaneController(ctx);
            view = new PlaneView(controller, ctx);
        }
        return view;
    }

    @Override
    public String keyHint() {
        return "Space play · ←/→ step t · Home/End · F/R/D view · A x̂₀ arrows · Ctrl+Enter train · Esc stop";
    }

    @Override
    public boolean exportsAnimation() {
        return controller != null && PlaneExport.animation(controller) != null;
    }

    @Override
    public void exportAnimation() {
        if (view == null) {
            view();
        }
        PlaneExport.exportGif(view, ctx);
    }

    @Override
    public void setActive(boolean active) {
        if (!active && controller != null) {
            controller.timeline.pause();
        }
    }

    @Override
    public void dispose() {
        if (controller != null) {
            controller.dispose();
        }
    }
}
