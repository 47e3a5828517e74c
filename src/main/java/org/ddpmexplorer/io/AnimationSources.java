package org.ddpmexplorer.io;

import java.util.List;
import java.util.NoSuchElementException;
import org.ddpmexplorer.diffusion.ForwardChain;
import org.ddpmexplorer.diffusion.ForwardNoise;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.Sampler;
import org.ddpmexplorer.diffusion.SamplingStep;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The animations the app exports: the reverse process (sampling), the forward process, recorded frames. */
public final class AnimationSources {
    private AnimationSources() {
    }

    /**
     * The forward process of one image, t = 0..tEnd: x_t = √ᾱ_t x_0 + √(1-ᾱ_t) ε (Ho et al. eq. 4)
     * with ε = {@link ForwardNoise#gaussian}(seed) as the explorer and the {@code forward} command
     * draw it, or the Markov chain q(x_t | x_{t-1}) (eq. 2) when {@code iterative}. Each x_t is
     * computed only if its frame is drawn; the chain steps forwards from the last frame drawn.
     */
    public static AnimationSource forward(GaussianDiffusion d, ImageTensor x0, long seed, int tEnd, boolean iterative) {
        if (tEnd < 0 || tEnd > d.timesteps()) {
            throw new IllegalArgumentException("t must be in 0.." + d.timesteps() + ", got " + tEnd);
        }
        float[] eps = iterative ? null : ForwardNoise.gaussian(seed, x0.size());
        ForwardChain chain = iterative ? new ForwardChain(d, x0.data(), seed) : null;
        return new AnimationSource() {
            private int next;

            @Override
            public int size() {
                return tEnd + 1;
            }

            @Override
            public int batch() {
                return 1;
            }

            @Override
            public boolean hasPredictedStart() {
                return false;
            }

            @Override
            public boolean hasNext() {
                return next <= tEnd;
            }

            @Override
            public AnimationFrame next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int t = next++;
                return new AnimationFrame() {
                    private ImageTensor xt;

                    @Override
                    public int t() {
                        return t;
                    }

                    @Override
                    public ImageTensor xt(int i) {
                        if (i != 0) {
                            throw new IndexOutOfBoundsException("the forward process has one image, not " + (i + 1));
                        }
                        if (xt == null) {
                            float[] v = iterative ? chain.advanceTo(t, () -> Thread.currentThread().isInterrupted())
                                    : ForwardNoise.closedForm(d, x0.data(), t, eps);
                            if (v == null) {
                                throw new java.util.concurrent.CancellationException("interrupted");
                            }
                            xt = x0.withData(v);
                        }
                        return xt;
                    }

                    @Override
                    public ImageTensor predictedStart(int i) {
                        return null;
                    }
                };
            }
        };
    }

    /**
     * The reverse process as the sampler runs it, one frame per state: for each step, the input
     * x_t with the model's x̂_0 made from it (Ho et al. eq. 15); then the final sample (t = 0, its
     * own x̂_0). So there are {@code sampler.count() + 1} frames, the first is x_T and the last the
     * sample. Images are cropped to the centre {@code contentSize} (Fashion-MNIST's 28 in 32).
     * Pulling a frame runs one sampling step; the sampler must not be advanced elsewhere.
     */
    public static SamplingAnimation sampling(Sampler sampler, int contentSize) {
        return new SamplingAnimation(sampler, contentSize);
    }

    /** A sampling run as frames; {@link #finalSample()} is the result once the stream is drained. */
    public static final class SamplingAnimation implements AnimationSource {
        private final Sampler sampler;
        private final int content;
        private final int size;
        private SamplingStep last;
        private int emitted;

        private SamplingAnimation(Sampler sampler, int content) {
            if (!sampler.hasNext()) {
                throw new IllegalArgumentException("the sampler has already run");
            }
            this.sampler = sampler;
            this.content = content;
            this.size = sampler.count() + 1;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int batch() {
            return (int) (sampler.initial() != null ? sampler.initial().size(0) : last.x().size(0));
        }

        @Override
        public boolean hasPredictedStart() {
            return true;
        }

        @Override
        public boolean hasNext() {
            return emitted < size;
        }

        @Override
        public AnimationFrame next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            emitted++;
            if (sampler.hasNext()) {
                last = sampler.next();
                return new StepFrame(last.t(), last.xt(), last.predictedStart(), content);
            }
            return new StepFrame(0, last.x(), last.x(), content);
        }

        /** The final sample x_0 [N, H, W, C], or null before the last frame. */
        public INDArray finalSample() {
            return emitted == size ? last.x() : null;
        }
    }

    private record StepFrame(int t, INDArray x, INDArray x0, int content) implements AnimationFrame {
        @Override
        public ImageTensor xt(int i) {
            return NdImages.tensor(x, i, content);
        }

        @Override
        public ImageTensor predictedStart(int i) {
            return NdImages.tensor(x0, i, content);
        }
    }

    /** A trajectory kept in memory (e.g. by a live view), one {@link Recorded} frame per state, in order. */
    public static AnimationSource of(List<Recorded> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames");
        }
        int batch = frames.get(0).xt().size();
        boolean x0 = frames.stream().allMatch(f -> f.predictedStart() != null);
        List<Recorded> copy = List.copyOf(frames);
        return new AnimationSource() {
            private int next;

            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public int batch() {
                return batch;
            }

            @Override
            public boolean hasPredictedStart() {
                return x0;
            }

            @Override
            public boolean hasNext() {
                return next < copy.size();
            }

            @Override
            public AnimationFrame next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return copy.get(next++);
            }
        };
    }

    /**
     * A frame held in memory.
     *
     * @param t              the timestep
     * @param xt             x_t of each image of the batch
     * @param predictedStart x̂_0 of each image, or null
     */
    public record Recorded(int t, List<ImageTensor> xt, List<ImageTensor> predictedStart) implements AnimationFrame {
        public Recorded {
            xt = List.copyOf(xt);
            predictedStart = predictedStart == null ? null : List.copyOf(predictedStart);
            if (xt.isEmpty() || (predictedStart != null && predictedStart.size() != xt.size())) {
                throw new IllegalArgumentException("a frame needs as many x̂_0 as x_t images, and at least one");
            }
        }

        @Override
        public ImageTensor xt(int i) {
            return xt.get(i);
        }

        @Override
        public ImageTensor predictedStart(int i) {
            return predictedStart == null ? null : predictedStart.get(i);
        }
    }
}
