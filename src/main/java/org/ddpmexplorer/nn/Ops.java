package org.ddpmexplorer.nn;

import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The engine's primitive operations: libnd4j kernels called directly with preallocated outputs
 * (convolutions, matrix products, SiLU), and bulk copies between ND4J's off-heap buffers and
 * Java arrays for the small kernels written in Java (GroupNorm, softmax, concatenation).
 * Every tensor here is float and C-ordered.
 */
final class Ops {
    private Ops() {
    }

    /** libnd4j conv2d/conv2d_bp integer argument: explicit ("same"-style given) padding. */
    private static final int PADDING_EXPLICIT = 0;
    /** libnd4j data format argument: 1 = NHWC. */
    private static final int NHWC = 1;
    /** libnd4j weight format argument: 0 = [kH, kW, cIn, cOut]. */
    private static final int WEIGHTS_HWIO = 0;

    /** Time per kind of operation, when -Dddpm.profile=true (for the benchmark's breakdown). */
    static final boolean PROFILE = Boolean.getBoolean("ddpm.profile");
    static final java.util.Map<String, long[]> TIMES = new java.util.concurrent.ConcurrentHashMap<>();

    static long tic() {
        return PROFILE ? System.nanoTime() : 0;
    }

    static void toc(String what, long start) {
        if (PROFILE) {
            TIMES.computeIfAbsent(what, k -> new long[2])[0] += System.nanoTime() - start;
            TIMES.get(what)[1]++;
        }
    }

    /** Prints and clears the profile. */
    static String profileReport() {
        StringBuilder sb = new StringBuilder();
        TIMES.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> sb.append(String.format("%-14s %9.1f ms %7d calls%n", e.getKey(), e.getValue()[0] / 1e6, e.getValue()[1])));
        TIMES.clear();
        return sb.toString();
    }

    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
            pool -> {
                var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                t.setDaemon(true);
                t.setName("ddpm-kernel-" + t.getPoolIndex());
                return t;
            }, null, false);

    /**
     * Set on a thread that runs one share of a batch split across the cores ({@link SplitPasses}):
     * its kernels then run on that thread alone, as the other cores run the other shares.
     */
    private static final ThreadLocal<boolean[]> SERIAL = ThreadLocal.withInitial(() -> new boolean[1]);

    /** Whether this thread's kernels run serially (see {@link #SERIAL}). */
    static boolean serial() {
        return SERIAL.get()[0];
    }

    /** Makes this thread's kernels serial or not; returns the previous setting. */
    static boolean serial(boolean on) {
        boolean[] f = SERIAL.get();
        boolean was = f[0];
        f[0] = on;
        return was;
    }

    /** The kernel pool's parallelism: the number of shares a sampling or training batch is split into. */
    static int parallelism() {
        return POOL.getParallelism();
    }

    /** Runs {@code task} on one of the kernel pool's threads; join the result. */
    static java.util.concurrent.ForkJoinTask<?> fork(Runnable task) {
        return POOL.submit(task);
    }

    /** Runs {@code body} for i in [0, n) on the kernel pool, in parallel when n > 1 (and this thread is not serial). */
    static void parallelFor(int n, IntConsumer body) {
        if (n <= 1 || POOL.getParallelism() == 1 || serial()) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        POOL.invoke(new RangeTask(0, n, body));
    }

    private static final class RangeTask extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final int from, to;
        private final transient IntConsumer body;

        RangeTask(int from, int to, IntConsumer body) {
            this.from = from;
            this.to = to;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                body.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new RangeTask(from, mid, body), new RangeTask(mid, to, body));
        }
    }

    static INDArray zeros(long... shape) {
        return Nd4j.create(DataType.FLOAT, shape);
    }

    static boolean sameShape(INDArray a, long... shape) {
        return a != null && java.util.Arrays.equals(a.shape(), shape);
    }

    /** Returns {@code a} if it has this shape, else a new zero array of the shape. */
    static INDArray ensure(INDArray a, long... shape) {
        return sameShape(a, shape) ? a : zeros(shape);
    }

    /** Returns {@code a} if it has this length, else a new array. */
    static float[] ensure(float[] a, long length) {
        return a != null && a.length == length ? a : new float[Math.toIntExact(length)];
    }

    /** A view of a C-contiguous float array's native buffer from its first element (position 0). */
    static FloatBuffer buffer(INDArray a) {
        FloatBuffer fb = a.data().asNioFloat();
        fb.position((int) a.offset());
        return fb.slice();
    }

    /** Copies a C-contiguous float array into {@code dst[0..length)}. */
    static void read(INDArray a, float[] dst) {
        long t0 = tic();
        buffer(a).get(dst, 0, (int) a.length());
        toc("copy", t0);
    }

    /** Copies {@code src[0..length)} into a C-contiguous float array. */
    static void write(float[] src, INDArray a) {
        long t0 = tic();
        buffer(a).put(src, 0, (int) a.length());
        toc("copy", t0);
    }

    private static long[] convArgs(int k, int stride, int pad) {
        return new long[] {k, k, stride, stride, pad, pad, 1, 1, PADDING_EXPLICIT, NHWC, WEIGHTS_HWIO};
    }

    private static final double[] NO_T = new double[0];

    /** y = conv2d(x, w) + b in NHWC, weights [k, k, cIn, cOut], through a call site's cached op. */
    static void conv2d(CachedOp site, INDArray x, INDArray w, INDArray b, INDArray y, int k, int stride, int pad) {
        long t0 = tic();
        site.exec(new INDArray[] {x, w, b}, new INDArray[] {y}, convArgs(k, stride, pad), NO_T);
        toc("conv fwd", t0);
    }

    /** The gradients of conv2d through a call site's cached op. */
    static void conv2dBackward(CachedOp site, INDArray x, INDArray w, INDArray b, INDArray dy, INDArray dx, INDArray dw,
                               INDArray db, int k, int stride, int pad) {
        long t0 = tic();
        site.exec(new INDArray[] {x, w, b, dy}, new INDArray[] {dx, dw, db}, convArgs(k, stride, pad), NO_T);
        toc("conv bwd", t0);
    }

    /** c = alpha · op(a) · op(b) + beta · c (libnd4j "matmul", rank 2 or batched rank 3) through a cached op. */
    static void matmul(CachedOp site, INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha,
                       double beta) {
        long t0 = tic();
        site.exec(new INDArray[] {a, b}, new INDArray[] {c}, new long[] {transA ? 1 : 0, transB ? 1 : 0, 0},
                new double[] {alpha, beta});
        toc("matmul", t0);
    }

    /** out = x · sigmoid(x) (SiLU), for the small time-embedding tensors. */
    static void silu(INDArray x, INDArray out) {
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Swish(x, out));
    }

    /** dx = dy · SiLU'(x), written into {@code dx} (which may be {@code dy}); {@code multiply} is the call site's cached op. */
    static void siluBackward(INDArray x, INDArray dy, INDArray dx, INDArray scratch, CachedOp multiply) {
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.SwishDerivative(x, scratch));
        multiply.exec(new INDArray[] {scratch, dy}, new INDArray[] {dx}, new long[0], new double[0]);
    }

    /**
     * Sets a C-contiguous array to zero in place. {@code assign(0)} would make a native scalar
     * array per call, whose bookkeeping objects the GC then has to copy (frames dropped while
     * training: docs/benchmarks.md, section 'Native arrays and garbage').
     */
    static void zero(INDArray a) {
        FloatBuffer fb = buffer(a);
        for (int off = 0, n = (int) a.length(); off < n; off += ZEROS.length) {
            fb.put(ZEROS, 0, Math.min(ZEROS.length, n - off));
        }
    }

    private static final float[] ZEROS = new float[4096];

    /** A heap copy of a C-contiguous array of any rank. */
    static float[] toHeap(INDArray a) {
        float[] out = new float[(int) a.length()];
        read(a, out);
        return out;
    }
}
