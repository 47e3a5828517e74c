package org.ddpmexplorer.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code schedule --type cosine --steps 1000}: β_t and ᾱ_t as CSV on stdout. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Print a noise schedule as CSV: header t,beta,alpha_bar, then one row per t = 1..T.",
                "Values have 13 significant digits."})
public final class ScheduleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--type", defaultValue = "linear", paramLabel = "NAME", converter = Converters.Schedule.class,
            description = "linear, cosine or sigmoid (default: ${DEFAULT-VALUE})")
    BetaSchedule type;

    @Option(names = "--steps", defaultValue = "1000", paramLabel = "T",
            description = "T, the number of diffusion steps, " + BetaSchedule.MIN_T + ".." + BetaSchedule.MAX_T
                    + " (default: ${DEFAULT-VALUE})")
    int steps;

    @Override
    public Integer call() {
        Converters.checkSteps(spec, steps);
        GaussianDiffusion d = new GaussianDiffusion(type, steps);
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder sb = new StringBuilder(steps * 48); // ~45 characters a row
        sb.append("t,beta,alpha_bar\n");
        for (int t = 1; t <= steps; t++) {
            // %.12e: 13 significant digits, exact enough to recompute any derived quantity
            sb.append(t).append(',')
                    .append(String.format(Locale.ROOT, "%.12e", d.beta(t))).append(',')
                    .append(String.format(Locale.ROOT, "%.12e", d.alphaBar(t))).append('\n');
        }
        out.print(sb);
        out.flush();
        return 0;
    }
}
