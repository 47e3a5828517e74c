package org.ddpmexplorer.cli;

import org.ddpmexplorer.diffusion.BetaSchedule;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Option converters and checks shared by the commands. */
final class Converters {
    private Converters() {
    }

    /** linear | cosine | sigmoid, case-insensitive. */
    static final class Schedule implements CommandLine.ITypeConverter<BetaSchedule> {
        @Override
        public BetaSchedule convert(String value) {
            try {
                return BetaSchedule.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static void checkSteps(CommandSpec spec, int steps) {
        if (steps < BetaSchedule.MIN_T || steps > BetaSchedule.MAX_T) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--steps must be in " + BetaSchedule.MIN_T + ".." + BetaSchedule.MAX_T + ", got " + steps);
        }
    }
}
