package org.ddpmexplorer.train;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;

/**
 * Reads the entries of a model file (a zip, {@link Checkpoint#save}) and checks them as it goes:
 * the header comes first and is checked ({@link CheckpointHeaderCheck}) before any array is
 * read; each array's declared and actual size must be exactly what the header's network needs;
 * every entry's bytes must match its CRC-32. {@link java.util.zip.ZipFile} does not check CRCs
 * at all and {@link java.util.zip.ZipInputStream} only for an entry read to its end, so the CRC
 * is computed here, over every byte, whatever the source.
 */
final class CheckpointReader {
    private static final Set<String> ARRAYS = Set.of(Checkpoint.WEIGHTS, Checkpoint.EMA, Checkpoint.ADAM_M,
            Checkpoint.ADAM_V);
    /** Deflate's largest ratio of output to input bytes (258-byte matches in ~2 bits): an entry claiming more is damaged. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    /** How much tighter than 1:1 weights may pack (trained ones: ~1.08; an all-zero array: ~1000). */
    private static final long MAX_WEIGHTS_PACKING = 8;

    private CheckpointReader() {
    }

    /** The entries of a zip in file order, and a stream of an entry's (inflated) bytes. */
    interface Entries {
        ZipEntry next() throws IOException;

        InputStream open(ZipEntry e) throws IOException;
    }

    static Checkpoint read(Entries zip, String file) throws IOException {
        ZipEntry first = zip.next();
        if (first == null || !first.getName().equals(Checkpoint.HEADER_ENTRY)) {
            throw new IOException(file + " is not a DDPM Explorer model file");
        }
        byte[] headerBytes = readBytes(zip, first, Checkpoint.MAX_HEADER_BYTES, file);
        Checkpoint.Header h = Checkpoint.parseHeader(headerBytes, file);
        long params;
        try {
            params = CheckpointHeaderCheck.check(h);
        } catch (CheckpointHeaderCheck.BadHeader e) {
            throw new IOException(file + ": invalid model header: " + e.getMessage(), e);
        }
        Map<String, float[]> arrays = new HashMap<>();
        for (ZipEntry e = zip.next(); e != null; e = zip.next()) {
            String name = e.getName();
            if (!ARRAYS.contains(name)) {
                throw damaged(file, "unexpected entry '" + name + "'");
            }
            if (arrays.containsKey(name)) {
                throw damaged(file, name + " appears twice");
            }
            arrays.put(name, readFloats(zip, e, params, file));
        }
        for (String required : new String[] {Checkpoint.WEIGHTS, Checkpoint.EMA}) {
            if (!arrays.containsKey(required)) {
                throw new IOException(file + ": " + required + " is missing");
            }
        }
        if (arrays.containsKey(Checkpoint.ADAM_M) != arrays.containsKey(Checkpoint.ADAM_V)) {
            throw damaged(file, "the optimiser state is incomplete (one of adam_m.f32 and adam_v.f32 is missing)");
        }
        return new Checkpoint(h, arrays.get(Checkpoint.WEIGHTS), arrays.get(Checkpoint.EMA),
                arrays.get(Checkpoint.ADAM_M), arrays.get(Checkpoint.ADAM_V));
    }

    private static IOException damaged(String file, String why) {
        return new IOException(file + " is damaged: " + why);
    }

    /** What an entry holds, for messages: "the weights (weights.f32)". */
    private static String describe(String entry) {
        String what = switch (entry) {
            case Checkpoint.HEADER_ENTRY -> "the header";
            case Checkpoint.WEIGHTS -> "the weights";
            case Checkpoint.EMA -> "the EMA weights";
            default -> "the optimiser state";
        };
        return what + " (" + entry + ")";
    }

    /**
     * Refuses an entry whose declared sizes cannot hold {@code expectedBytes} (or at most
     * {@code limit} bytes when the size is not fixed), before anything is read or allocated.
     */
    private static void checkDeclaredSize(ZipEntry e, long expectedBytes, long limit, String file) throws IOException {
        long size = e.getSize(), packed = e.getCompressedSize();
        if (size >= 0 && (expectedBytes >= 0 ? size != expectedBytes : size > limit)) {
            throw sizeMismatch(file, e.getName(), size, expectedBytes, limit);
        }
        // Trained float32 weights barely pack (their mantissas are noise): weights that pack tighter
        // are not weights, and a small file cannot ask for large arrays (the optimiser state may be
        // all zeros at step 0, so it is not held to this). The four arrays then take at most
        // about 16 times the file's size in memory.
        if (size >= 0 && packed >= 0 && isWeights(e.getName()) && size / MAX_WEIGHTS_PACKING > packed + 64) {
            throw damaged(file, describe(e.getName()) + " packs " + size + " bytes into " + packed
                    + ": not trained weights");
        }
        if (size >= 0 && packed >= 0 && (e.getMethod() == ZipEntry.STORED ? packed != size
                : size / MAX_DEFLATE_RATIO > packed + 1)) {
            throw damaged(file, describe(e.getName()) + " claims " + size + " bytes from " + packed + " packed ones");
        }
    }

    private static boolean isWeights(String entry) {
        return entry.equals(Checkpoint.WEIGHTS) || entry.equals(Checkpoint.EMA);
    }

    private static IOException sizeMismatch(String file, String entry, long size, long expectedBytes, long limit) {
        if (expectedBytes < 0) {
            return damaged(file, describe(entry) + " is larger than " + limit + " bytes");
        }
        return new IOException(file + ": " + describe(entry) + " holds " + size + " bytes, but the network in its header has "
                + expectedBytes / 4 + " parameters (" + expectedBytes + " bytes): damaged, or not the header's model");
    }

    private static byte[] readBytes(Entries zip, ZipEntry e, int limit, String file) throws IOException {
        checkDeclaredSize(e, -1, limit, file);
        CRC32 crc = new CRC32();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 14];
        try {
            InputStream in = zip.open(e);
            for (int r; (r = in.read(buf)) > 0; ) {
                crc.update(buf, 0, r);
                out.write(buf, 0, r);
                if (out.size() > limit) {
                    throw sizeMismatch(file, e.getName(), out.size(), -1, limit);
                }
            }
        } catch (ZipException | EOFException x) {
            throw unreadable(file, e, x);
        }
        checkCrc(e, crc, file);
        return out.toByteArray();
    }

    /**
     * Reads an array of exactly {@code params} little-endian float32 values. The array is allocated
     * up front only when the zip declares the entry's size (checked first); otherwise the bytes are
     * collected as they arrive, so memory follows the data actually present.
     */
    private static float[] readFloats(Entries zip, ZipEntry e, long params, String file) throws IOException {
        long expectedBytes = params * 4; // params <= CheckpointHeaderCheck.MAX_PARAMS: no overflow
        checkDeclaredSize(e, expectedBytes, expectedBytes, file);
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        float[] a = e.getSize() == expectedBytes ? new float[(int) params] : null;
        ByteArrayOutputStream grow = a == null ? new ByteArrayOutputStream() : null;
        long total = 0;
        try {
            InputStream in = zip.open(e);
            int carry = 0; // bytes of an incomplete float at the start of buf
            int filled = 0; // floats of a converted so far
            for (int r; (r = in.read(buf, carry, buf.length - carry)) > 0; ) {
                crc.update(buf, carry, r);
                total += r;
                if (total > expectedBytes) {
                    throw sizeMismatch(file, e.getName(), total, expectedBytes, expectedBytes);
                }
                int have = carry + r, whole = have & ~3;
                if (a != null) {
                    ByteBuffer.wrap(buf, 0, whole).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a, filled, whole / 4);
                    filled += whole / 4;
                } else {
                    grow.write(buf, 0, whole);
                }
                carry = have - whole;
                System.arraycopy(buf, whole, buf, 0, carry);
            }
        } catch (ZipException | EOFException x) {
            throw unreadable(file, e, x);
        }
        if (total != expectedBytes) {
            throw sizeMismatch(file, e.getName(), total, expectedBytes, expectedBytes);
        }
        checkCrc(e, crc, file);
        if (a == null) {
            a = new float[(int) params];
            ByteBuffer.wrap(grow.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a);
        }
        return a;
    }

    private static void checkCrc(ZipEntry e, CRC32 crc, String file) throws IOException {
        // ZipInputStream fills in the CRC of an entry with a data descriptor once it is read to its end
        if (e.getCrc() == -1) {
            throw damaged(file, describe(e.getName()) + " has no checksum");
        }
        if (e.getCrc() != crc.getValue()) {
            throw damaged(file, "checksum mismatch in " + describe(e.getName()));
        }
    }

    private static IOException unreadable(String file, ZipEntry e, IOException x) {
        String m = String.valueOf(x.getMessage());
        if (m.contains("CRC")) { // ZipInputStream's own check, at the end of an entry
            return damaged(file, "checksum mismatch in " + describe(e.getName()));
        }
        return damaged(file, describe(e.getName()) + " cannot be unpacked (" + m + ")");
    }
}
