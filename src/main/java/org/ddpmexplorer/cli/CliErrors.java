package org.ddpmexplorer.cli;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Turns failures of a headless command into one line on stderr and exit status 2. Every message
 * names the file or option and the reason: commands wrap the failures of a file they know with
 * {@link #file}, and {@link #describe} words whatever else arrives (Java's bare exception texts,
 * such as a path alone, "Is a directory" or "Input length = 1", never reach the user).
 */
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

    /**
     * The error for a failure reading or writing the file given to an option:
     * "--log run.csv: not a text file (...)". The path is not repeated when the reason already names it.
     */
    static UserError file(String option, Path path, Throwable e) {
        String r = reason(e);
        String p = String.valueOf(path);
        String prefix = option == null ? p : option + " " + p;
        return new UserError(r.contains(p) ? (option == null ? r : option + ": " + r) : prefix + ": " + r, e);
    }

    /** The message for any failure of a command: a {@link UserError}'s own text, else the file and the reason. */
    static String describe(Throwable ex) {
        if (ex instanceof UserError && ex.getMessage() != null) {
            return ex.getMessage();
        }
        if (ex instanceof UserError && ex.getCause() != null) {
            return describe(ex.getCause());
        }
        if (ex instanceof FileSystemException f && f.getFile() != null) {
            String r = reason(ex);
            return r.contains(f.getFile()) ? r : f.getFile() + ": " + r;
        }
        return reason(ex);
    }

    /**
     * Why an operation failed, in words: the disk is full, permission denied, not a text file... found
     * anywhere along the chain of causes (ImageIO's "I/O error writing PNG file!" hides a full disk
     * in its cause).
     */
    static String reason(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage();
            if (m.contains("No space left on device")) {
                return "the disk is full (no space left on the device)";
            }
            if (m.contains("Disk quota exceeded")) {
                return "the disk quota is exceeded";
            }
            if (m.contains("Read-only file system")) {
                return "the file system is read-only";
            }
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof CharacterCodingException) {
            return "not a text file (it holds bytes that are not UTF-8 text)";
        }
        if (e instanceof EOFException) {
            return "the file ends too early (truncated?)";
        }
        if (e instanceof ArithmeticException) {
            return "a value is out of range (" + e.getMessage() + ")";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return os(f.getReason());
        }
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return os(e.getMessage());
        }
        if (e.getCause() != null) {
            return reason(e.getCause());
        }
        // an exception without a message: its class name, in words ("InterruptedIOException" -> "interrupted i/o")
        String name = e.getClass().getSimpleName().replace("Exception", "").replace("Error", "");
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT) + " error";
    }

    /** The operating system's own words (strerror) for common cases, in ours. */
    private static String os(String message) {
        return switch (message) {
            case "Is a directory" -> "is a folder, not a file";
            case "Not a directory" -> "a part of the path is not a folder";
            case "Permission denied" -> "permission denied";
            case "No such file or directory" -> "no such file or folder";
            default -> message;
        };
    }

    static int handleExecution(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        cl.getErr().println("error: " + describe(ex).replace('\n', ' '));
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

    /** Fails unless {@code file} can be written: its folder exists and is writable, and it is not a folder. */
    static void checkWritableFile(String option, Path file) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (java.nio.file.Files.isDirectory(abs)) {
            throw new UserError(option + " " + file + ": is a folder; give a file name");
        }
        if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
            throw new UserError(option + " " + file + ": the folder " + dir + " does not exist");
        }
        if (!java.nio.file.Files.isWritable(dir)) {
            throw new UserError(option + " " + file + ": the folder " + dir + " is not writable");
        }
        if (java.nio.file.Files.exists(abs) && !java.nio.file.Files.isWritable(abs)) {
            throw new UserError(option + " " + file + ": the file is not writable");
        }
    }

    /** Fails unless {@code dir} is a folder that can be written, or can be created. */
    static void checkWritableFolder(String option, Path dir) {
        Path abs = dir.toAbsolutePath();
        if (java.nio.file.Files.exists(abs) && !java.nio.file.Files.isDirectory(abs)) {
            throw new UserError(option + " " + dir + ": is a file, not a folder");
        }
        Path existing = abs;
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !java.nio.file.Files.isDirectory(existing)) {
            throw new UserError(option + " " + dir + ": " + existing + " is not a folder");
        }
        if (!java.nio.file.Files.isWritable(existing)) {
            throw new UserError(option + " " + dir + ": the folder " + existing + " is not writable");
        }
    }
}
