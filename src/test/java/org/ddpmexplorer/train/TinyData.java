package org.ddpmexplorer.train;

import java.util.List;
import java.util.Random;

/** Small synthetic datasets for fast training tests. */
final class TinyData {
    private TinyData() {
    }

    /**
     * {@code count} distinct images of side {@code side}: each a bright square at its own place on a dark
     * background, labelled by position (count classes).
     */
    static ByteImageDataset squares(int count, int side) {
        byte[] px = new byte[count * side * side];
        int[] labels = new int[count];
        Random r = new Random(count);
        int sq = side / 4;
        for (int i = 0; i < count; i++) {
            int ox = r.nextInt(side - sq), oy = r.nextInt(side - sq);
            for (int y = oy; y < oy + sq; y++) {
                for (int x = ox; x < ox + sq; x++) {
                    px[i * side * side + y * side + x] = (byte) 230;
                }
            }
            labels[i] = i % 4;
        }
        return new ByteImageDataset("squares", px, labels, count, side, 1, side, List.of("a", "b", "c", "d"));
    }

    /**
     * The 16 images of side {@code side} whose four quadrants are each black or white: distinct, closed
     * under horizontal flips, and at least 1.0 apart in mean squared error.
     */
    static ByteImageDataset quadrants(int side) {
        int count = 16, half = side / 2;
        byte[] px = new byte[count * side * side];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int q = (y < half ? 0 : 2) + (x < half ? 0 : 1);
                    px[i * side * side + y * side + x] = (byte) (((i >> q) & 1) == 1 ? 255 : 0);
                }
            }
            labels[i] = i % 4;
        }
        return new ByteImageDataset("quadrants", px, labels, count, side, 1, side, List.of("a", "b", "c", "d"));
    }
}
