package org.ddpmexplorer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The headless commands: {@code java -jar ddpm-explorer.jar COMMAND ...}. Every command reports
 * bad input as one line on stderr and exits with status 2 (see {@link CliErrors}).
 */
@Command(name = "ddpm-explorer", mixinStandardHelpOptions = true, versionProvider = DdpmCommand.Version.class,
        description = "See how denoising diffusion models work, and train one. Without a command: the GUI.",
        subcommands = {CommandLine.HelpCommand.class, TrainCommand.class, SampleCommand.class, BenchCommand.class,
                ScheduleCommand.class, ForwardCommand.class, PlotLossCommand.class, EvaluateCommand.class,
                TrainClassifierCommand.class, ToyCommand.class})
public final class DdpmCommand {

    /** Runs the command line and returns the exit status. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new DdpmCommand());
        cl.setExecutionExceptionHandler(CliErrors::handleExecution);
        cl.setParameterExceptionHandler(CliErrors::handleParameter);
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DdpmCommand.class.getPackage().getImplementationVersion();
            return new String[] {"DDPM Explorer " + (v == null ? "dev" : v)};
        }
    }
}
