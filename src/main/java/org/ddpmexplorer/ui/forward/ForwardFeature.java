package org.ddpmexplorer.ui.forward;

import java.nio.file.Path;
import javafx.scene.Node;
import org.ddpmexplorer.io.SampleImages;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.Feature;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;

/** The "Forward process" tab: watch q(x_t | x_0) destroy an image. */
public final class ForwardFeature implements Feature {
    private final ForwardController controller;
    private final ForwardView view;

    /** Builds the tab and starts loading the default sample image. FX thread. */
    public ForwardFeature(AppContext ctx) {
        controller = new ForwardController(ctx);
        controller.loadSample(SampleImages.DEFAULT); // queued before the gallery's thumbnails
        view = new ForwardView(controller, ctx);
    }

    public ForwardController controller() {
        return controller;
    }

    @Override
    public String title() {
        return "Forward process";
    }

    @Override
    public Ikon icon() {
        return Material2OutlinedAL.BLUR_ON;
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public String keyHint() {
        return "Space play · ←/→ step · Home/End · N new noise · C compare · drop an image on the picture";
    }

    @Override
    public boolean opensImages() {
        return true;
    }

    @Override
    public void openImage(Path file) {
        controller.loadImage(file);
    }

    @Override
    public boolean exportsAnimation() {
        return true;
    }

    @Override
    public void exportAnimation() {
        view.exportAnimation();
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
