package org.ddpmexplorer.nn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A benchmark, not part of the test run: why {@link GroupNorm}'s loops copy each chunk into a
 * small buffer. One thread, one GroupNorm-sized tensor (16 samples of 32x32 pixels x 64 channels),
 * ns per element of a per-channel affine pass and a per-channel sum, written three ways.
 * <pre>mvn -o test-compile surefire:test -Dtest=GroupNormLoopsBench -Dddpm.loopsBench=true</pre>
 * Writes {@code target/groupnorm-loops.txt}.
 */
@EnabledIfSystemProperty(named = "ddpm.loopsBench", matches = "true")
class GroupNormLoopsBench {
    private static final int C = 64, HW = 1024, N = 16, LEN = N * HW * C, REPS = 100;

    /** Data at o + j against a per-channel pattern at j (how GroupNorm's loops would index it without the chunk copies). */
    private static void affineMixed(float[] out, float[] a, float[] s, float[] t, int base, int chunk) {
        for (int o = base; o < base + HW * C; o += chunk) {
            for (int j = 0; j < chunk; j++) {
                out[o + j] = a[o + j] * s[j] + t[j];
            }
        }
    }

    /** Each chunk copied into a buffer, the loop on like-indexed arrays, the result copied back. */
    private static void affineCopied(float[] out, float[] a, float[] s, float[] t, int base, int chunk, float[] u, float[] r) {
        for (int o = base; o < base + HW * C; o += chunk) {
            System.arraycopy(a, o, u, 0, chunk);
            for (int j = 0; j < chunk; j++) {
                r[j] = u[j] * s[j] + t[j];
            }
            System.arraycopy(r, 0, out, o, chunk);
        }
    }

    private static void sumMixed(float[] acc, float[] a, int base, int chunk) {
        for (int o = base; o < base + HW * C; o += chunk) {
            for (int j = 0; j < chunk; j++) {
                acc[j] += a[o + j];
            }
        }
    }

    private static void sumCopied(float[] acc, float[] a, int base, int chunk, float[] u) {
        for (int o = base; o < base + HW * C; o += chunk) {
            System.arraycopy(a, o, u, 0, chunk);
            for (int j = 0; j < chunk; j++) {
                acc[j] += u[j];
            }
        }
    }

    @Test
    void loops() throws Exception {
        float[] a = new float[LEN], out = new float[LEN];
        Random rng = new Random(1);
        for (int i = 0; i < LEN; i++) {
            a[i] = rng.nextFloat();
        }
        StringBuilder sb = new StringBuilder("ns per element, one thread (the last of 3 rounds counts)\n");
        for (int round = 0; round < 3; round++) {
            sb.setLength(sb.indexOf("\n") + 1);
            for (int chunk : new int[] {256, 1024, 4096}) {
                float[] s = new float[chunk], t = new float[chunk], acc = new float[chunk], u = new float[chunk], r = new float[chunk];
                double[] ns = new double[4];
                for (int k = 0; k < 4; k++) {
                    long t0 = System.nanoTime();
                    for (int rep = 0; rep < REPS; rep++) {
                        for (int n = 0; n < N; n++) {
                            int base = n * HW * C;
                            switch (k) {
                                case 0 -> affineMixed(out, a, s, t, base, chunk);
                                case 1 -> affineCopied(out, a, s, t, base, chunk, u, r);
                                case 2 -> sumMixed(acc, a, base, chunk);
                                default -> sumCopied(acc, a, base, chunk, u);
                            }
                        }
                    }
                    ns[k] = (System.nanoTime() - t0) / ((double) REPS * LEN);
                }
                sb.append(String.format("chunk %4d: affine mixed %.3f, copied %.3f; sum mixed %.3f, copied %.3f%n",
                        chunk, ns[0], ns[1], ns[2], ns[3]));
            }
        }
        Files.writeString(Path.of("target", "groupnorm-loops.txt"), sb.toString());
        System.out.print(sb);
    }
}
