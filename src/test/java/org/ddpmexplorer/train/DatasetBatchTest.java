package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetBatchTest {
    private static final int N = 64;

    /** Which of the batch's images are mirror images of the dataset image they were drawn from. */
    private static boolean[] flipped(boolean flip) {
        ByteImageDataset data = leftBars();
        int per = 16 * 16;
        float[] out = new float[N * per];
        int[] labels = new int[N];
        data.batch(new Random(5), out, labels, flip);
        // replay the draws: the image index comes first, then the coin
        Random replay = new Random(5);
        boolean[] mirrored = new boolean[N];
        float[] plain = new float[per], mirror = new float[per];
        for (int s = 0; s < N; s++) {
            int i = replay.nextInt(data.size());
            replay.nextBoolean();
            data.fill(i, false, plain, 0);
            data.fill(i, true, mirror, 0);
            float[] got = Arrays.copyOfRange(out, s * per, (s + 1) * per);
            assertTrue(Arrays.equals(got, plain) || Arrays.equals(got, mirror), "image " + s + " is not image " + i);
            mirrored[s] = Arrays.equals(got, mirror);
            assertTrue(labels[s] == data.label(i));
        }
        return mirrored;
    }

    /** Eight 16x16 images, image i a bright column at x = i: none is its own mirror image. */
    private static ByteImageDataset leftBars() {
        int count = 8, side = 16;
        byte[] px = new byte[count * side * side];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            for (int y = 0; y < side; y++) {
                px[i * side * side + y * side + i] = (byte) 255;
            }
            labels[i] = i % 4;
        }
        return new ByteImageDataset("bars", px, labels, count, side, 1, side, java.util.List.of("a", "b", "c", "d"));
    }

    @Test
    void withoutFlipsNoImageIsMirrored() {
        assertArrayEquals(new boolean[N], flipped(false));
    }

    @Test
    void withFlipsAboutHalfAreMirrored() {
        int count = 0;
        for (boolean b : flipped(true)) {
            count += b ? 1 : 0;
        }
        // binomial(64, 1/2): 32 ± 4; 16..48 is more than 4 standard deviations either side
        assertTrue(count >= 16 && count <= 48, count + " of " + N + " mirrored");
    }
}
