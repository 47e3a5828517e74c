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
        StartupTrace.mark("main()");
        if (opensGui(args)) {
            DdpmExplorerApp.launchGui(args);
        } else {
            System.exit(DdpmCommand.run(args));
        }
    }

    /**
     * The GUI for no arguments, or for one argument that is an existing file and not an option
     * (the desktop entry's "Open with": the GUI opens that image); a command otherwise.
     */
    static boolean opensGui(String[] args) {
        return args.length == 0 || (args.length == 1 && !args[0].startsWith("-")
                && !java.util.Set.of("schedule", "forward", "sample", "train", "bench", "help").contains(args[0])
                && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(args[0])));
    }
}
