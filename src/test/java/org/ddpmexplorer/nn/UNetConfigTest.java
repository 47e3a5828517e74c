package org.ddpmexplorer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UNetConfigTest {
    /** Shapes that exercise every term: levels, blocks, attention, bottleneck, classes, RGB, learned variance. */
    static final List<UNetConfig> SHAPES = List.of(
            UNetConfig.reference(32),
            UNetConfig.reference(32).withClasses(10),
            UNetConfig.reference(16).withImage(3, 64),
            new UNetConfig(1, 16, 8, List.of(1, 2), 1, Set.of(), true, 0, 4, 0.0, 0, 16),
            new UNetConfig(3, 32, 12, List.of(1, 2, 3, 4), 2, Set.of(16, 8), false, 2, 4, 0.1, 3, 24),
            new UNetConfig(1, 8, 4, List.of(2), 3, Set.of(8), true, 3, 2, 0.0, 1, 6),
            new UNetConfig(3, 16, 8, List.of(1, 1, 2), 1, Set.of(4, 16), true, 1, 8, 0.0, 0, 10),
            // a learned variance doubles the output channels
            UNetConfig.reference(16).withImage(3, 32).withParameterization(
                    org.ddpmexplorer.diffusion.Prediction.VELOCITY, org.ddpmexplorer.diffusion.VarianceType.LEARNED_RANGE));

    @Test
    void theCountedParametersAreThoseOfTheBuiltNetwork() {
        for (UNetConfig c : SHAPES) {
            assertEquals(new UNet(c, 0).numParams(), c.parameterCount(), c::toString);
        }
        assertEquals(641_249, UNetConfig.reference(32).parameterCount(), "ARCH.md's count");
    }

    @Test
    void aShapeTooLargeToCountThrowsInsteadOfWrappingAround() {
        // 2^30 base channels times 2^20: each product of channels overflows a long
        UNetConfig huge = new UNetConfig(1, 1 << 20, 1 << 30, List.of(1 << 20), 1, Set.of(), true, 1, 1, 0.0, 0, 2);
        assertThrows(ArithmeticException.class, huge::parameterCount);
        UNetConfig wide = new UNetConfig(1, 32, Integer.MAX_VALUE, List.of(1, 2), 1, Set.of(), true, 1, 1, 0.0,
                Integer.MAX_VALUE - 1, Integer.MAX_VALUE - 1);
        assertThrows(ArithmeticException.class, wide::parameterCount);
    }
}
