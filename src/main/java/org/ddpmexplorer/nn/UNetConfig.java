package org.ddpmexplorer.nn;

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
}
