package org.ddpmexplorer.cli;

import picocli.CommandLine;

/** Turns failures of a headless command into one line on stderr and exit status 2. */
public final class CliErrors {
    /** Exit status for bad input: a missing file, a corrupt image, a value out of range. */
    public static final int BAD_INPUT = 2;

    private CliErrors() {
    }

    /** An exception whose message is meant for the user as it is. */
    public static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UserError(String message) {
            super(message);
        }

        public UserError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static int handleExecution(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        cl.getErr().println("error: " + msg.replace('\n', ' '));
        if (Boolean.getBoolean("ddpm.debug")) { // for developers: the whole trace after the one line
            ex.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return BAD_INPUT;
    }

    static int handleParameter(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("error: " + ex.getMessage().replace('\n', ' ') + " (see --help)");
        cl.getErr().flush();
        return BAD_INPUT;
    }
}
