package org.ddpmexplorer.ui.plane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.io.AnimationFrame;
import org.ddpmexplorer.io.AnimationSource;
import org.ddpmexplorer.train.PointPreset;
import org.ddpmexplorer.train.PointSet;
import org.junit.jupiter.api.Test;

/** The GIF frames of the plane: drawn off the FX thread by PointRaster, one per t. */
class PlaneExportTest {
    private final PointSet moons = PointPreset.TWO_MOONS.sample(500, 1);

    @Test
    void theForwardAnimationHasAFramePerTimestepAndNoisesThePoints() {
        GaussianDiffusion d = new GaussianDiffusion(BetaSchedule.COSINE, 10);
        AnimationSource src = PlaneExport.forward(d, moons, true);
        assertEquals(11, src.size());
        assertEquals(1, src.batch());
        assertFalse(src.hasPredictedStart());
        List<float[]> frames = new ArrayList<>();
        List<Integer> ts = new ArrayList<>();
        while (src.hasNext()) {
            AnimationFrame f = src.next();
            ts.add(f.t());
            var img = f.xt(0);
            assertEquals(PlaneExport.FRAME, img.width());
            assertEquals(3, img.channels());
            frames.add(img.data());
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), ts);
        assertFalse(Arrays.equals(frames.get(0), frames.get(10)), "x_0 and x_T look different");
    }

    @Test
    void theReverseAnimationRunsFromXTToTheSample() {
        float[] a = {0, 0, 1, 1}, b = {2, 2, -1, -1};
        Trajectory tr = new Trajectory(new int[] {10, 5, 0}, new float[][] {a, b, b}, new float[][] {b, b, b});
        AnimationSource src = PlaneExport.reverse(tr, moons);
        assertEquals(3, src.size());
        List<Integer> ts = new ArrayList<>();
        float[] first = null, last = null;
        while (src.hasNext()) {
            AnimationFrame f = src.next();
            ts.add(f.t());
            if (first == null) {
                first = f.xt(0).data();
            }
            last = f.xt(0).data();
        }
        assertEquals(List.of(10, 5, 0), ts);
        assertNotEquals(Arrays.hashCode(first), Arrays.hashCode(last));
    }
}
