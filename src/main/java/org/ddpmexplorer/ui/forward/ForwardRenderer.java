package org.ddpmexplorer.ui.forward;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.ForwardChain;
import org.ddpmexplorer.diffusion.ForwardNoise;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.diffusion.ImageMetrics;
import org.ddpmexplorer.io.ImageTensor;
import org.ddpmexplorer.ui.common.FxImages.Pixels;
import org.ddpmexplorer.ui.common.LatestValue;
import org.ddpmexplorer.ui.common.StatusModel;

/**
 * Computes the forward tab's frames on a worker: x_t of the latest request, by the closed form
 * x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (q(x_t | x_0), DDPM eq. 4) or by stepping the chain
 * q(x_t | x_{t-1}) from x_0, in compare mode also x_t under the linear and the cosine schedule,
 * and the frame's PSNR against x_0 and measured noise σ. Rendering is coalesced: while one frame is
 * computed, newer requests replace older ones, and only the latest finished frame is handed to the
 * FX thread. The worker owns the chain and the noise cache.
 */
final class ForwardRenderer {
    /** The chain reports progress every this many q(x_t | x_{t-1}) steps (a few tenths of a second at 512 px). */
    static final int CHAIN_CHUNK = 25;

    /** Everything one frame needs, captured on the FX thread (all immutable or never mutated). */
    record Request(long generation, ImageTensor x0, long seed, GaussianDiffusion diffusion, int t,
                   boolean iterative, boolean compare) {
    }

    /** A computed frame, handed to the FX thread; psnr and noiseStd are NaN for a frame on the chain's way to t. */
    record Frame(long generation, Pixels xt, Pixels linear, Pixels cosine, int t, GaussianDiffusion diffusion,
                 double psnr, double noiseStd) {
    }

    private final Executor executor;
    private final StatusModel status;
    private final Consumer<String> onFailure;
    private final AtomicReference<Request> pending = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Computed frames on their way to the FX thread: only the latest is shown. */
    private final LatestValue<Frame> latestFrame;
    private volatile boolean disposed;
    private ForwardChain chain;
    private Object chainKey;
    private float[] eps;
    private long epsSeed;

    /**
     * @param executor  runs the worker loop
     * @param status    the status bar, for the chain's progress (any thread)
     * @param onFrame   takes the latest computed frame (FX thread)
     * @param onFailure takes the message of a frame that could not be computed (FX thread)
     */
    ForwardRenderer(Executor executor, StatusModel status, Consumer<Frame> onFrame, Consumer<String> onFailure) {
        this.executor = Objects.requireNonNull(executor);
        this.status = Objects.requireNonNull(status);
        this.onFailure = Objects.requireNonNull(onFailure);
        this.latestFrame = new LatestValue<>(onFrame);
    }

    /** Makes r the next frame to compute, replacing one not started yet (any thread). */
    void request(Request r) {
        if (disposed) {
            return;
        }
        pending.set(r);
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    /** Drops pending work; no frame is computed afterwards. */
    void dispose() {
        disposed = true;
        pending.set(null);
    }

    /** Worker loop: renders the latest request until none is pending. */
    private void drain() {
        while (true) {
            Request r = pending.getAndSet(null);
            if (r == null) {
                scheduled.set(false);
                // a request may have arrived between the getAndSet and the set: take it if nobody else did
                if (pending.get() == null || !scheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            if (disposed) {
                scheduled.set(false);
                return;
            }
            try {
                Frame f = render(r);
                if (f != null) {
                    latestFrame.publish(f);
                }
            } catch (RuntimeException | OutOfMemoryError e) {
                String msg = "Cannot compute x_t: " + e;
                Platform.runLater(() -> onFailure.accept(msg));
            }
        }
    }

    private Frame render(Request r) {
        float[] x0v = r.x0().data();
        if (eps == null || eps.length != x0v.length || epsSeed != r.seed()) {
            eps = ForwardNoise.gaussian(r.seed(), x0v.length);
            epsSeed = r.seed();
        }
        float[] xt;
        if (r.iterative()) {
            Object key = List.of(r.x0(), r.seed(), r.diffusion()); // identities: a new image or schedule is a new chain
            if (chain == null || !key.equals(chainKey)) {
                chain = new ForwardChain(r.diffusion(), x0v, r.seed());
                chainKey = key;
            }
            xt = runChain(r);
            if (xt == null) {
                return null;
            }
        } else {
            chain = null;
            xt = ForwardNoise.closedForm(r.diffusion(), x0v, r.t(), eps);
        }
        Pixels linear = null, cosine = null;
        if (r.compare()) {
            linear = Pixels.of(r.x0().withData(ForwardNoise.closedForm(sameT(r, BetaSchedule.LINEAR), x0v, r.t(), eps)));
            cosine = Pixels.of(r.x0().withData(ForwardNoise.closedForm(sameT(r, BetaSchedule.COSINE), x0v, r.t(), eps)));
        }
        double psnr = ImageMetrics.psnr(x0v, xt);
        double std = ImageMetrics.noiseMoments(r.diffusion(), r.t(), x0v, xt).std();
        return new Frame(r.generation(), Pixels.of(r.x0().withData(xt)), linear, cosine, r.t(), r.diffusion(), psnr, std);
    }

    /**
     * Steps the chain to t in chunks, showing progress in the status bar when that takes more than
     * one chunk; gives up (null) as soon as a newer request is waiting.
     */
    private float[] runChain(Request r) {
        int target = r.t();
        BooleanSupplier superseded = () -> pending.get() != null || disposed || Thread.currentThread().isInterrupted();
        int start = chain.startFor(target);
        boolean report = target - start > CHAIN_CHUNK;
        float[] xt;
        int next = Math.min(target, start + CHAIN_CHUNK);
        while (true) {
            xt = chain.advanceTo(next, superseded);
            if (xt == null) {
                return null;
            }
            if (next == target) {
                break;
            }
            if (report) {
                status.progress("Stepping q(x_t | x_{t-1}): t = " + next + " of " + target,
                        (double) (next - start) / (target - start));
                // show the image on its way (the readouts wait for the final t)
                latestFrame.publish(new Frame(r.generation(), Pixels.of(r.x0().withData(xt)), null, null, next, r.diffusion(),
                        Double.NaN, Double.NaN));
            }
            next = Math.min(target, next + CHAIN_CHUNK);
        }
        if (report) {
            status.show("Stepped the chain to t = " + target);
        }
        return xt;
    }

    private static GaussianDiffusion sameT(Request r, BetaSchedule s) {
        return s == r.diffusion().schedule() ? r.diffusion() : new GaussianDiffusion(s, r.diffusion().timesteps());
    }
}
