package org.ddpmexplorer.ui.training;

import java.util.List;
import java.util.Set;
import org.ddpmexplorer.nn.UNetConfig;

/**
 * Network sizes offered in the Train tab: the reference U-Net of ARCH.md at three widths. Tiny
 * trains a visible result in a minute on a laptop; small is the reference network (641k
 * parameters at 32x32); medium is four times its size.
 */
public enum ModelPreset {
    TINY("Tiny", 16), SMALL("Small (reference)", 32), MEDIUM("Medium", 64), CUSTOM("Custom", 0);

    private final String label;
    private final int baseChannels;

    ModelPreset(String label, int baseChannels) {
        this.label = label;
        this.baseChannels = baseChannels;
    }

    /** Base channels C of the first level (0 for custom). */
    public int baseChannels() {
        return baseChannels;
    }

    @Override
    public String toString() {
        return baseChannels == 0 ? label : label + " — C = " + baseChannels;
    }

    /**
     * The network for images of {@code size} (32 or 64) with {@code channels} channels: the reference
     * layout (levels (1, 2, 2), one block per level, mid attention, 8 GroupNorm groups, time embedding
     * 4·C) with one more level (1, 2, 2, 2) at 64x64 so the bottleneck stays 8x8.
     */
    public static UNetConfig config(int base, int size, int channels, int classes) {
        List<Integer> mults = size >= 64 ? List.of(1, 2, 2, 2) : List.of(1, 2, 2);
        return new UNetConfig(channels, size, base, mults, 1, Set.of(), true, 0, 8, 0.0, classes, 4 * base);
    }
}
