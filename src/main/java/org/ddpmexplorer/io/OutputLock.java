package org.ddpmexplorer.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive claim on an output file by one process, so that two runs never write the same file:
 * an OS file lock ({@link FileChannel#tryLock}) on {@code FILE.lock} beside it, which holds the
 * owner's process id. The OS releases the lock when the process ends, however it ends, so a stale
 * {@code .lock} file left by a killed run does not block the next one.
 */
public final class OutputLock implements AutoCloseable {
    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown when another process (or this one) holds the lock. */
    public static final class HeldException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String owner;

        HeldException(Path target, String owner) {
            super(target + " is being written by another run (" + owner + "); stop that run or choose another file");
            this.owner = owner;
        }

        /** "PID 1234", or "unknown process" when the lock file holds no id. */
        public String owner() {
            return owner;
        }
    }

    /** {@code target}'s lock file: {@code target.lock} in the same folder. */
    public static Path lockFileOf(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".lock");
    }

    /**
     * Claims {@code target} for this process.
     *
     * @throws HeldException when another run holds it (the message names its process id)
     * @throws IOException   when the lock file cannot be written
     */
    public static OutputLock acquire(Path target) throws IOException {
        Path lf = lockFileOf(target);
        for (int attempt = 0; ; attempt++) {
            FileChannel ch = FileChannel.open(lf, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                ch.close();
                throw new HeldException(target, "this process, PID " + ProcessHandle.current().pid());
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            if (l == null) {
                String owner = owner(ch);
                ch.close();
                throw new HeldException(target, owner);
            }
            // the previous owner deletes the file on release: if it did so between our open and our lock,
            // the lock is on a file no one else can find, and the claim is made again on a new one
            if (!Files.exists(lf) && attempt < 10) {
                l.release();
                ch.close();
                continue;
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new OutputLock(lf, ch, l);
        }
    }

    private static String owner(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
            return s.matches("\\d+") ? "PID " + s : "unknown process";
        } catch (IOException e) {
            return "unknown process";
        }
    }

    /** Releases the claim and removes the lock file. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(lockFile); // while still locked: a newcomer then locks a fresh file
        } finally {
            lock.release();
            channel.close();
        }
    }
}
