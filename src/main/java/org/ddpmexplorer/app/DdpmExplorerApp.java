package org.ddpmexplorer.app;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The JavaFX application: builds the main window. (Placeholder until the foundation lands.) */
public final class DdpmExplorerApp extends Application {
    public static void launchGui(String[] args) {
        Application.launch(DdpmExplorerApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("DDPM Explorer");
        stage.setScene(new Scene(new Label("DDPM Explorer"), 1200, 800));
        stage.show();
    }
}
