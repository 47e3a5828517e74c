package org.ddpmexplorer.diffusion;

/**
 * The class labels of a batch for a class-conditional model. "Any class" samples the model's
 * p(x) = Σ_c p(c) p(x | c) by giving the images the classes in turn (the training classes are
 * equally frequent in Fashion-MNIST); {@link #NONE} is the "no class" label of classifier-free
 * guidance, the model's own unconditional half, trained on the 10% of steps whose label was dropped.
 */
public final class ClassLabels {
    /** The "no class" label. */
    public static final int NONE = -1;

    private ClassLabels() {
    }

    /**
     * Labels for n images of a k-class model: the classes in turn, starting at the one the seed picks
     * (so that a single image is not always class 0, and any k consecutive images cover every class).
     */
    public static int[] anyClass(long seed, int n, int k) {
        if (k < 1 || n < 0) {
            throw new IllegalArgumentException("need k >= 1 classes and n >= 0 images");
        }
        int[] cs = new int[n];
        for (int i = 0; i < n; i++) {
            cs[i] = (int) Math.floorMod(seed + i, (long) k);
        }
        return cs;
    }

    /** n copies of one label (a class index, or {@link #NONE}). */
    public static int[] all(int label, int n) {
        int[] cs = new int[n];
        java.util.Arrays.fill(cs, label);
        return cs;
    }
}
