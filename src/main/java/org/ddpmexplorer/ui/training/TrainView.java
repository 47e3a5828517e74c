package org.ddpmexplorer.ui.training;

import javafx.scene.layout.BorderPane;
import org.ddpmexplorer.ui.common.AppContext;

/**
 * The training dashboard: the run's settings on the left ({@link TrainSidebar}: every field says what
 * is wrong with it, and Start stays disabled until all are valid); the controls, progress, loss charts
 * and the preview grid on the right ({@link TrainDashboard}). Both read the controller's properties
 * and call its verbs.
 */
public final class TrainView extends BorderPane {
    final TrainSidebar sidebar;
    final TrainDashboard dashboard;

    public TrainView(TrainController controller, AppContext ctx) {
        getStyleClass().add("train-view");
        sidebar = new TrainSidebar(controller, ctx, this);
        dashboard = new TrainDashboard(controller, sidebar);
        setLeft(sidebar.node());
        setCenter(dashboard.node());
        controller.snapshotProperty().addListener((o, a, s) -> dashboard.showSnapshot(s));
    }
}
