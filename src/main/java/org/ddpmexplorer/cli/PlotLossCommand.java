package org.ddpmexplorer.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ddpmexplorer.io.LossPlot;
import org.ddpmexplorer.io.SampleGrids;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plot-loss}: draws a training log as a PNG chart. */
@Command(name = "plot-loss", mixinStandardHelpOptions = true, description = "Draw a training log (train --log) as a PNG.")
public final class PlotLossCommand implements Callable<Integer> {
    @Option(names = "--log", required = true, description = "the CSV written by train --log")
    Path log;

    @Option(names = "--out", required = true, description = "the PNG to write")
    Path out;

    @Option(names = "--title", defaultValue = "Training loss", description = "chart title (default: ${DEFAULT-VALUE})")
    String title;

    @Override
    public Integer call() {
        CliErrors.checkWritableFile("--out", out);
        java.util.List<double[]> rows;
        try {
            rows = LossPlot.read(log);
        } catch (IOException e) {
            throw CliErrors.file("--log", log, e);
        }
        try {
            SampleGrids.writePng(LossPlot.render(rows, 800, 400, title), out);
        } catch (IOException e) {
            throw CliErrors.file("--out", out, e);
        }
        System.err.println("wrote " + out);
        return 0;
    }
}
