package org.ddpmexplorer.nn;

import static java.lang.Math.addExact;
import static java.lang.Math.multiplyExact;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;

/**
 * The shape of a DDPM U-Net. {@link #reference(int)} is the network of ARCH.md (641,249
 * parameters at base 32).
 *
 * @param imageChannels        1 (grayscale) or 3 (RGB)
 * @param imageSize            side of the square input, divisible by 2^(levels-1)
 * @param baseChannels         channels of the first level, C
 * @param channelMults         channels of level i = C · mult_i; one level per entry
 * @param numResBlocks         residual blocks per level on the down and on the up path
 * @param attentionResolutions resolutions (image sides) whose level blocks get self-attention
 * @param midAttention         whether the bottleneck has a self-attention block
 * @param midResBlocks         residual blocks in the bottleneck (the first before the attention)
 * @param groups               GroupNorm groups
 * @param dropout              dropout before the second convolution of each block, in [0, 1)
 * @param numClasses           0 for an unconditional model, else the number of classes
 * @param timeEmbedDim         width of the sinusoidal time embedding and its MLP
 * @param prediction           what the network outputs (ε for files written before the choice existed)
 * @param variance             its variance: a learned one doubles the output channels (fixed σ² = β_t for
 *                             files written before the choice existed, the sampler's default then)
 */
public record UNetConfig(int imageChannels, int imageSize, int baseChannels, List<Integer> channelMults,
                         int numResBlocks, Set<Integer> attentionResolutions, boolean midAttention,
                         int midResBlocks, int groups, double dropout, int numClasses, int timeEmbedDim,
                         Prediction prediction, VarianceType variance) {

    /** A noise predictor with fixed variance σ² = β_t (Ho et al.). */
    public UNetConfig(int imageChannels, int imageSize, int baseChannels, List<Integer> channelMults, int numResBlocks,
                      Set<Integer> attentionResolutions, boolean midAttention, int midResBlocks, int groups,
                      double dropout, int numClasses, int timeEmbedDim) {
        this(imageChannels, imageSize, baseChannels, channelMults, numResBlocks, attentionResolutions, midAttention,
                midResBlocks, groups, dropout, numClasses, timeEmbedDim, Prediction.EPSILON, VarianceType.FIXED_LARGE);
    }

    public UNetConfig {
        prediction = prediction == null ? Prediction.EPSILON : prediction;
        variance = variance == null ? VarianceType.FIXED_LARGE : variance;
        channelMults = List.copyOf(channelMults);
        attentionResolutions = Set.copyOf(new TreeSet<>(attentionResolutions));
        if (imageChannels != 1 && imageChannels != 3) {
            throw new IllegalArgumentException("image channels must be 1 or 3, got " + imageChannels);
        }
        if (channelMults.isEmpty() || channelMults.stream().anyMatch(m -> m < 1)) {
            throw new IllegalArgumentException("channel multipliers must be positive, got " + channelMults);
        }
        int div = 1 << (channelMults.size() - 1);
        if (imageSize < 4 || imageSize % div != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " must be divisible by " + div
                    + " for " + channelMults.size() + " levels");
        }
        if (baseChannels < 1 || groups < 1 || baseChannels % groups != 0) {
            throw new IllegalArgumentException("base channels (" + baseChannels + ") must be a positive multiple of the "
                    + groups + " GroupNorm groups");
        }
        if (numResBlocks < 1 || midResBlocks < 0) {
            throw new IllegalArgumentException("need at least one residual block per level");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException("number of classes must be >= 0");
        }
        if (timeEmbedDim < 2 || timeEmbedDim % 2 != 0) {
            throw new IllegalArgumentException("time embedding width must be even, got " + timeEmbedDim);
        }
    }

    /** The reference network of ARCH.md at base channels C: mults (1, 2, 2), one block per level, mid attention. */
    public static UNetConfig reference(int baseChannels) {
        return new UNetConfig(1, 32, baseChannels, List.of(1, 2, 2), 1, Set.of(), true, 0, 8, 0.0, 0,
                4 * baseChannels); // time embedding 4·C = 128 at C = 32, as ARCH.md
    }

    public UNetConfig withClasses(int n) {
        return new UNetConfig(imageChannels, imageSize, baseChannels, channelMults, numResBlocks, attentionResolutions,
                midAttention, midResBlocks, groups, dropout, n, timeEmbedDim, prediction, variance);
    }

    public UNetConfig withImage(int channels, int size) {
        return new UNetConfig(channels, size, baseChannels, channelMults, numResBlocks, attentionResolutions,
                midAttention, midResBlocks, groups, dropout, numClasses, timeEmbedDim, prediction, variance);
    }

    /** The same network predicting {@code p} with variance {@code v}. */
    public UNetConfig withParameterization(Prediction p, VarianceType v) {
        return new UNetConfig(imageChannels, imageSize, baseChannels, channelMults, numResBlocks, attentionResolutions,
                midAttention, midResBlocks, groups, dropout, numClasses, timeEmbedDim, p, v);
    }

    /** Channels of the output: the image's, twice that when the variance is learned (Nichol &amp; Dhariwal). */
    public int outputChannels() {
        return variance.learned() ? 2 * imageChannels : imageChannels;
    }

    public UNetConfig withDropout(double p) {
        return new UNetConfig(imageChannels, imageSize, baseChannels, channelMults, numResBlocks, attentionResolutions,
                midAttention, midResBlocks, groups, p, numClasses, timeEmbedDim, prediction, variance);
    }

    public boolean conditional() {
        return numClasses > 0;
    }

    /**
     * The number of trainable scalars of {@link UNet} with this shape, counted without building it
     * (a file's header is checked with it before anything is allocated). Exact arithmetic: a shape
     * whose count does not fit a long throws {@link ArithmeticException}. Each level's blocks are
     * counted in closed form (the first block of a level changes the channels, the others keep
     * them), so the work grows with the number of levels only.
     */
    public long parameterCount() {
        long td = timeEmbedDim;
        long n = addExact(linear(td, td), linear(td, td)); // the time embedding's MLP
        if (numClasses > 0) {
            n = addExact(n, multiplyExact(numClasses + 1L, td)); // one row per class and "no class"
        }
        long c0 = baseChannels, ch = c0;
        n = addExact(n, conv(imageChannels, c0, 3));
        long blocks = numResBlocks;
        int res = imageSize, levels = channelMults.size();
        for (int i = 0; i < levels; i++) {
            long cout = multiplyExact(c0, channelMults.get(i));
            long attn = attentionResolutions.contains(res) ? multiplyExact(blocks, attention(cout)) : 0;
            n = addExact(n, addExact(addExact(resBlock(ch, cout, td), multiplyExact(blocks - 1, resBlock(cout, cout, td))), attn));
            ch = cout;
            if (i < levels - 1) {
                n = addExact(n, conv(ch, ch, 3)); // the stride-2 downsampling convolution
                res /= 2;
            }
        }
        n = addExact(n, multiplyExact(midResBlocks, resBlock(ch, ch, td)));
        if (midAttention) {
            n = addExact(n, attention(ch));
        }
        for (int i = levels - 1; i >= 0; i--) {
            // every block takes one skip of this level's down path (cout channels) beside its input
            long cout = multiplyExact(c0, channelMults.get(i));
            long attn = attentionResolutions.contains(res) ? multiplyExact(blocks, attention(cout)) : 0;
            n = addExact(n, addExact(addExact(resBlock(addExact(ch, cout), cout, td),
                    multiplyExact(blocks - 1, resBlock(multiplyExact(2, cout), cout, td))), attn));
            ch = cout;
            if (i > 0) {
                n = addExact(n, conv(ch, ch, 3)); // the convolution after the nearest-neighbour upsampling
                res *= 2;
            }
        }
        return addExact(addExact(n, groupNorm(ch)), conv(ch, outputChannels(), 3)); // doubled for a learned variance
    }

    private static long conv(long cin, long cout, int k) {
        return addExact(multiplyExact(multiplyExact((long) k * k, cin), cout), cout);
    }

    private static long linear(long in, long out) {
        return addExact(multiplyExact(in, out), out);
    }

    private static long groupNorm(long c) {
        return multiplyExact(2, c);
    }

    private static long resBlock(long cin, long cout, long td) {
        long n = addExact(addExact(groupNorm(cin), conv(cin, cout, 3)), linear(td, cout));
        n = addExact(addExact(n, groupNorm(cout)), conv(cout, cout, 3));
        return cin != cout ? addExact(n, conv(cin, cout, 1)) : n;
    }

    private static long attention(long c) {
        return addExact(groupNorm(c), multiplyExact(4, linear(c, c))); // q, k, v and the output projection
    }
}
