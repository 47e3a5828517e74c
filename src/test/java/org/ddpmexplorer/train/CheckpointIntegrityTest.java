package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.ddpmexplorer.nn.UNetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bit rot: a single flipped bit anywhere in a model file either refuses the file, naming it, or
 * (in bytes the reader does not use, such as the zip's local copies of names and dates) loads
 * exactly the weights that were saved; never different weights.
 */
class CheckpointIntegrityTest {
    /** A tiny network (4,841 parameters): the file is small enough to flip bits all over it. */
    static final UNetConfig SMALL = new UNetConfig(1, 8, 4, List.of(1, 2), 1, Set.of(), false, 0, 2, 0.0, 2, 4);

    @TempDir
    Path dir;
    Checkpoint saved;
    Path good;
    byte[] bytes;

    /** A checkpoint of {@code cfg} with random weights and optimiser state; no engine needed. */
    static Checkpoint random(UNetConfig cfg, long seed) {
        int n = (int) cfg.parameterCount();
        Random r = new Random(seed);
        float[][] a = new float[4][n];
        for (float[] x : a) {
            for (int i = 0; i < n; i++) {
                x[i] = (float) r.nextGaussian();
            }
        }
        List<String> names = cfg.numClasses() == 0 ? List.of() : List.of("circle", "square", "x", "y").subList(0, cfg.numClasses());
        Checkpoint.Header h = new Checkpoint.Header(Checkpoint.FORMAT_VERSION, cfg, "cosine", 100, 42, "shapes",
                cfg.imageSize(), names, TrainConfig.defaults(100), 0.25);
        return new Checkpoint(h, a[0], a[1], a[2], a[3]);
    }

    @BeforeEach
    void save() throws IOException {
        saved = random(SMALL, 7);
        good = dir.resolve("small.ckpt");
        saved.save(good);
        bytes = Files.readAllBytes(good);
    }

    @Test
    void anIntactFileLoadsWhatWasSaved() throws IOException {
        assertSame(saved, Checkpoint.load(good));
        assertSame(saved, Checkpoint.load(new ByteArrayInputStream(bytes), "small"));
    }

    @Test
    void everySingleBitFlipIsRefusedOrChangesNothing() throws IOException {
        Path bad = dir.resolve("flipped.ckpt");
        List<Long> positions = positions();
        int refused = 0, harmless = 0;
        List<String> wrong = new ArrayList<>();
        for (long bit : positions) {
            byte[] b = bytes.clone();
            b[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
            Files.write(bad, b);
            for (int source = 0; source < 2; source++) {
                Checkpoint ck;
                try {
                    ck = source == 0 ? Checkpoint.load(bad) : Checkpoint.load(new ByteArrayInputStream(b), bad.toString());
                } catch (IOException e) {
                    assertTrue(e.getMessage() != null && e.getMessage().contains(bad.toString()),
                            "bit " + bit + ": the message names the file: " + e.getMessage());
                    refused++;
                    continue;
                } catch (RuntimeException e) {
                    wrong.add("bit " + bit + (source == 0 ? " (file)" : " (stream)") + ": " + e);
                    continue;
                }
                if (!same(saved, ck)) {
                    wrong.add("bit " + bit + (source == 0 ? " (file)" : " (stream)") + " loaded different weights or header");
                } else {
                    harmless++;
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " flips got through, e.g. " + wrong.subList(0, Math.min(5, wrong.size())));
        assertTrue(refused > positions.size(), "most flips are refused: " + refused + " of " + 2 * positions.size());
        System.out.printf("%d bit flips: %d loads refused, %d loaded the same model%n", positions.size(), refused, harmless);
    }

    @Test
    void aFlipInTheWeightsSaysChecksumMismatch() throws IOException {
        // stored (not deflated), the weights' bytes are addressable: one float's lowest bit flips
        Path stored = dir.resolve("stored.ckpt");
        storedCopy(stored);
        assertSame(saved, Checkpoint.load(stored));
        byte[] b = Files.readAllBytes(stored);
        b[(int) dataOffset(b, Checkpoint.WEIGHTS) + 400] ^= 1;
        Path rot = Files.write(dir.resolve("rot.ckpt"), b);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(rot));
        assertEquals(rot + " is damaged: checksum mismatch in the weights (weights.f32)", e.getMessage());
        IOException s = assertThrows(IOException.class, () -> Checkpoint.load(new ByteArrayInputStream(b), "stream.ckpt"));
        assertEquals("stream.ckpt is damaged: checksum mismatch in the weights (weights.f32)", s.getMessage());
    }

    /** The bits to flip. */
    private List<Long> positions() throws IOException {
        TreeSet<Long> bits = new TreeSet<>();
        long headerEnd = localHeader(bytes, Checkpoint.WEIGHTS);
        long cen = centralDirectoryStart();
        // one bit of every byte of the zip structure and the packed header (a different bit from
        // byte to byte), and a spread of the packed arrays' bytes
        for (long i = 0; i < headerEnd; i++) {
            bits.add(i * 8 + i % 8);
        }
        for (long i = cen; i < bytes.length; i++) {
            bits.add(i * 8 + i % 8);
        }
        Random r = new Random(3);
        for (int i = 0; i < 200; i++) {
            bits.add(headerEnd * 8 + (long) (r.nextDouble() * (cen - headerEnd) * 8));
        }
        return new ArrayList<>(bits);
    }

    /** Where the first byte of {@code entry}'s local header is in the zip {@code bytes}. */
    private static long localHeader(byte[] bytes, String entry) {
        byte[] name = entry.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + 30 + name.length < bytes.length; i++) {
            if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 3 && bytes[i + 3] == 4) {
                for (int k = 0; k < name.length; k++) {
                    if (bytes[i + 30 + k] != name[k]) {
                        continue outer;
                    }
                }
                return i;
            }
        }
        throw new AssertionError("no local header for " + entry);
    }

    private long centralDirectoryStart() {
        for (int i = bytes.length - 22; i >= 0; i--) {
            if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 5 && bytes[i + 3] == 6) {
                return (bytes[i + 16] & 0xffL) | (bytes[i + 17] & 0xffL) << 8 | (bytes[i + 18] & 0xffL) << 16
                        | (bytes[i + 19] & 0xffL) << 24;
            }
        }
        throw new AssertionError("no end of central directory");
    }

    /** The saved file again, with every entry stored rather than deflated. */
    private void storedCopy(Path out) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes));
             var zout = new java.util.zip.ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] data = in.readAllBytes();
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(data);
                ZipEntry o = new ZipEntry(e.getName());
                o.setMethod(ZipEntry.STORED);
                o.setSize(data.length);
                o.setCompressedSize(data.length);
                o.setCrc(crc.getValue());
                zout.putNextEntry(o);
                zout.write(data);
                zout.closeEntry();
            }
        }
    }

    /** Where {@code entry}'s data starts in the zip {@code b} (after its local header). */
    private static long dataOffset(byte[] b, String entry) {
        int i = (int) localHeader(b, entry);
        return i + 30 + (b[i + 26] & 0xff | (b[i + 27] & 0xff) << 8) + (b[i + 28] & 0xff | (b[i + 29] & 0xff) << 8);
    }

    static boolean same(Checkpoint a, Checkpoint b) {
        return a.header().equals(b.header()) && java.util.Arrays.equals(a.params(), b.params())
                && java.util.Arrays.equals(a.ema(), b.ema()) && java.util.Arrays.equals(a.adamM(), b.adamM())
                && java.util.Arrays.equals(a.adamV(), b.adamV());
    }

    static void assertSame(Checkpoint expected, Checkpoint actual) {
        assertEquals(expected.header(), actual.header());
        assertArrayEquals(expected.params(), actual.params());
        assertArrayEquals(expected.ema(), actual.ema());
        assertArrayEquals(expected.adamM(), actual.adamM());
        assertArrayEquals(expected.adamV(), actual.adamV());
    }
}
