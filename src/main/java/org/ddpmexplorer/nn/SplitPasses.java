package org.ddpmexplorer.nn;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinTask;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link UNet}'s batch split into contiguous shares of rows, one per core, each run on its own
 * thread (the calling one and the kernel pool's) through a replica of the network: the same weight
 * arrays, its own activations and, for training, its own gradient arrays. On each share's thread the
 * Java kernels are serial and the native operations use one OpenMP thread. On two cores two half
 * batches side by side take less time than the whole batch with every operation split over two
 * threads, where the threads meet at the end of each of the network's ~100 operations and OpenMP's
 * waiting thread spins on the core that the Java kernels need (docs/benchmarks.md, sections 'Split
 * sampling' and 'Split training'). The replicas share the network's weight arrays, so they always
 * see its current weights. Not thread-safe, like the network that owns it.
 */
final class SplitPasses {
    private final UNet net;
    /** The replicas that run shares 1.. (share 0 runs on the network itself). */
    private final List<UNet> replicas = new ArrayList<>();
    /** Per share: its rows of x, its dL/d(output), its dropout generator. */
    private final List<INDArray> shareX = new ArrayList<>(), shareDOut = new ArrayList<>();
    private final List<Random> shareRng = new ArrayList<>();
    /** The whole batch's sampling output. */
    private INDArray splitEps;
    private double[] shareLoss = new double[0];

    SplitPasses(UNet net) {
        this.net = net;
    }

    /** What one share's thread does with its rows [from, to) on its network. */
    @FunctionalInterface
    private interface ShareBody {
        void run(int share, int from, int to, UNet net, INDArray x, int[] t, int[] classes);
    }

    /** ε̂ for sampling, the batch in {@code shares} shares; same result as {@link UNet#sample} unsplit. */
    INDArray sample(INDArray x, int[] t, int[] classes, int shares) {
        long rowLen = x.length() / t.length, outRowLen = rowLen / net.config().imageChannels() * net.config().outputChannels();
        long[] outShape = x.shape().clone(); // shape() is the array's own: never write into it
        outShape[3] = net.config().outputChannels();
        splitEps = Ops.ensure(splitEps, outShape);
        FloatBuffer outB = Ops.buffer(splitEps);
        run(x, t, classes, shares, (share, from, to, n, xi, ti, ci) -> {
            INDArray eps = n.forward(xi, ti, ci, false, null, false);
            outB.put((int) (from * outRowLen), Ops.buffer(eps), 0, (int) ((to - from) * outRowLen));
        });
        return splitEps;
    }

    /**
     * A training pass, the batch in {@code shares} shares: each share's forward pass (dropout from its
     * own generator, seeded from {@code rng} in share order), its loss and its backward pass on its
     * thread; then the replicas' gradients are added into the network's. The loss gives each share's
     * gradient as its part of the whole batch's mean, so the sum is the whole batch's gradient.
     * Returns the sum of the shares' losses.
     */
    double forwardBackward(INDArray x, int[] t, int[] classes, Random rng, UNet.ShareLoss loss, int shares) {
        while (shareRng.size() < shares) {
            shareRng.add(new Random(0));
        }
        for (int i = 0; i < shares; i++) {
            shareRng.get(i).setSeed(rng.nextLong());
        }
        if (shareLoss.length < shares) {
            shareLoss = new double[shares];
        }
        while (shareDOut.size() < shares) {
            shareDOut.add(null);
        }
        ensureReplicas(shares);
        for (int i = 0; i < shares - 1; i++) {
            replicas.get(i).params().ensureGrads(); // sampling alone leaves a replica without them
        }
        run(x, t, classes, shares, (share, from, to, n, xi, ti, ci) -> {
            INDArray out = n.forward(xi, ti, ci, true, shareRng.get(share), true);
            INDArray dOut = Ops.ensure(shareDOut.get(share), out.shape());
            shareDOut.set(share, dOut);
            shareLoss[share] = loss.lossAndGradient(share, from, to, out, dOut);
            n.backward(dOut);
        });
        sumGradients(shares - 1);
        double sum = 0;
        for (int i = 0; i < shares; i++) {
            sum += shareLoss[i];
        }
        return sum;
    }

    /**
     * The network's gradients += those of replicas 1..{@code count}, in heap loops over the bulk-copied
     * values, the parameters split in {@link #sumParts} of about equal size, one per core: a native add
     * per parameter tensor ran each on two OpenMP threads, with a barrier per tensor.
     */
    private void sumGradients(int count) {
        List<Param> main = net.params().params();
        if (sumParts == null) {
            int parts = Math.max(1, Math.min(Ops.parallelism(), main.size()));
            sumParts = new int[parts + 1];
            sumScratch = new float[parts][2][];
            long total = net.params().size(), acc = 0;
            for (int i = 0, part = 1; i < main.size() && part < parts; i++) {
                acc += main.get(i).length();
                if (acc * parts >= total * part) {
                    sumParts[part++] = i + 1;
                }
            }
            sumParts[parts] = main.size();
            for (int part = 0; part < parts; part++) {
                long longest = 1;
                for (int i = sumParts[part]; i < sumParts[part + 1]; i++) {
                    longest = Math.max(longest, main.get(i).length());
                }
                sumScratch[part][0] = new float[(int) longest];
                sumScratch[part][1] = new float[(int) longest];
            }
        }
        long t0 = Ops.tic();
        Ops.parallelFor(sumParts.length - 1, part -> {
            float[] sum = sumScratch[part][0], other = sumScratch[part][1];
            for (int i = sumParts[part]; i < sumParts[part + 1]; i++) {
                INDArray g = main.get(i).grad;
                int n = (int) g.length();
                FloatBuffer gb = Ops.buffer(g);
                gb.get(0, sum, 0, n);
                for (int r = 0; r < count; r++) {
                    Ops.buffer(replicas.get(r).params().params().get(i).grad).get(0, other, 0, n);
                    for (int j = 0; j < n; j++) {
                        sum[j] += other[j];
                    }
                }
                gb.put(0, sum, 0, n);
            }
        });
        Ops.toc("gradient sum", t0);
    }

    /** Parameter index ranges [sumParts[k], sumParts[k + 1]) that {@link #sumGradients} adds on core k; their heap scratch. */
    private int[] sumParts;
    private float[][][] sumScratch;

    /** Makes the replicas that shares 1..{@code shares - 1} run on, if they are not there yet. */
    private void ensureReplicas(int shares) {
        while (replicas.size() < shares - 1) {
            replicas.add(UNet.replicaOf(net));
        }
    }

    /**
     * Copies each share's rows of x into its own array and runs {@code body} for every share, shares
     * 1.. on the kernel pool and share 0 on this thread; returns when all have finished.
     */
    private void run(INDArray x, int[] t, int[] classes, int shares, ShareBody body) {
        int n = t.length;
        long rowLen = x.length() / n;
        ensureReplicas(shares);
        while (shareX.size() < shares) {
            shareX.add(null);
        }
        FloatBuffer xb = Ops.buffer(x);
        List<ForkJoinTask<?>> tasks = new ArrayList<>();
        for (int i = shares - 1; i >= 0; i--) { // share 0 last: it runs on this thread
            int share = i, from = (int) ((long) n * i / shares), to = (int) ((long) n * (i + 1) / shares);
            long[] shape = x.shape().clone();
            shape[0] = to - from;
            INDArray xi = Ops.ensure(shareX.get(i), shape);
            shareX.set(i, xi);
            Ops.buffer(xi).put(0, xb, (int) (from * rowLen), (int) ((to - from) * rowLen));
            int[] ti = Arrays.copyOfRange(t, from, to);
            int[] ci = classes == null ? null : Arrays.copyOfRange(classes, from, to);
            UNet on = i == 0 ? net : replicas.get(i - 1);
            Runnable task = () -> {
                boolean wasSerial = Ops.serial(true);
                int threads = NativeEngine.threadsOfThisThread(1);
                try {
                    body.run(share, from, to, on, xi, ti, ci);
                } finally {
                    NativeEngine.threadsOfThisThread(threads);
                    Ops.serial(wasSerial);
                }
            };
            if (i > 0) {
                tasks.add(Ops.fork(task));
                continue;
            }
            try {
                task.run();
            } finally {
                for (var f : tasks) {
                    f.join(); // even when share 0 failed: no replica may still be running when this returns
                }
            }
        }
    }
}
