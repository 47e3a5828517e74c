package org.ddpmexplorer.app;

import org.ddpmexplorer.cli.DdpmCommand;

/**
 * Entry point of the jar. With no arguments it opens the GUI; with a command it runs headless
 * (see {@link DdpmCommand}). This class must not extend javafx.application.Application, so that
 * the fat jar starts with JavaFX on the class path.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            DdpmExplorerApp.launchGui(args);
        } else {
            System.exit(DdpmCommand.run(args));
        }
    }
}
