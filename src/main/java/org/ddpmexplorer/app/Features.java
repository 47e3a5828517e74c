package org.ddpmexplorer.app;

import java.nio.file.Path;
import java.util.List;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.Feature;
import org.ddpmexplorer.ui.common.ModelFiles;
import org.ddpmexplorer.ui.forward.ForwardFeature;
import org.ddpmexplorer.ui.generate.GenerateFeature;
import org.ddpmexplorer.ui.plane.PlaneFeature;
import org.ddpmexplorer.ui.training.TrainController;
import org.ddpmexplorer.ui.training.TrainFeature;

/** The main window's tabs, in order. Adding a tab is one line here. */
final class Features {
    private Features() {
    }

    static List<Feature> create(AppContext ctx) {
        return create(ctx, TrainController.defaultModelsDir());
    }

    /** The tabs, with the Train tab's autosaves in {@code modelsDir} (tests use a temporary folder). */
    static List<Feature> create(AppContext ctx, Path modelsDir) {
        ModelFiles.setModelsFolder(modelsDir); // the model file choosers start where training saves
        return List.of(
                new ForwardFeature(ctx),
                new GenerateFeature(ctx),
                new TrainFeature(ctx, modelsDir),
                new PlaneFeature(ctx)
        );
    }
}
