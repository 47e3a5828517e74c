package org.ddpmexplorer.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * All parameters of a network, in registration order. Each parameter has its own contiguous
 * value and gradient arrays: libnd4j's conv2d_bp runs several times slower on views with an
 * offset into a larger buffer (measured: 11 ms against 65 ms for a 32->32 3x3 convolution at
 * batch 64), so the parameters are not views into one flat array. {@link #copyTo} and
 * {@link #copyFrom} give the flat layout that checkpoints, the EMA and tests use.
 */
public final class ParamSet {
    private final List<Param> params = new ArrayList<>();
    private final Map<String, Param> byName = new LinkedHashMap<>();
    private long size;
    private boolean bound;

    Param add(String name, Param.Init init, long... shape) {
        if (bound) {
            throw new IllegalStateException("parameters already bound");
        }
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter " + name);
        }
        Param p = new Param(name, shape, size, init);
        params.add(p);
        byName.put(name, p);
        size += p.length();
        return p;
    }

    /** Allocates every parameter's arrays, initialised from {@code rng} in registration order. */
    void bind(Random rng) {
        bound = true;
        for (Param p : params) {
            float[] init = new float[Math.toIntExact(p.length())];
            for (int i = 0; i < init.length; i++) {
                init[i] = switch (p.init.kind()) {
                    case UNIFORM -> (float) ((rng.nextDouble() * 2 - 1) * p.init.value());
                    case CONSTANT -> (float) p.init.value();
                    case NORMAL -> (float) rng.nextGaussian();
                };
            }
            p.value = Nd4j.create(init, p.shape(), 'c');
            p.grad = Nd4j.create(DataType.FLOAT, p.shape());
        }
    }

    /**
     * Allocates every parameter's arrays with its values from the flat layout of {@link #copyTo}: a
     * network loaded from a file skips drawing initial values it would overwrite (drawing them is
     * most of a cold first sample from a checkpoint; docs/benchmarks.md, section 'First steps: the
     * JIT's warm-up').
     */
    void bind(float[] flat) {
        checkLength(flat);
        bound = true;
        for (Param p : params) {
            p.value = Nd4j.create(java.util.Arrays.copyOfRange(flat, (int) p.offset(), (int) (p.offset() + p.length())),
                    p.shape(), 'c');
            p.grad = Nd4j.create(DataType.FLOAT, p.shape());
        }
    }

    /**
     * Makes every parameter's value the same array as {@code other}'s (same layout): a replica of a
     * network that reads its weights. It has no gradient arrays until {@link #ensureGrads()}.
     */
    void share(ParamSet other) {
        if (bound) {
            throw new IllegalStateException("parameters already bound");
        }
        if (other.params.size() != params.size() || other.size != size) {
            throw new IllegalArgumentException("parameter layouts differ");
        }
        bound = true;
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i), o = other.params.get(i);
            if (!java.util.Arrays.equals(p.shape(), o.shape())) {
                throw new IllegalArgumentException("parameter " + p.name() + " differs in shape from " + o.name());
            }
            p.value = o.value;
        }
    }

    /**
     * Gives every parameter that has none its own zero gradient array: a replica that trains one share
     * of a split batch ({@code UNet.forwardBackward}) writes its gradients there, apart from the other
     * shares'.
     */
    void ensureGrads() {
        for (Param p : params) {
            if (p.grad == null) {
                p.grad = Nd4j.create(DataType.FLOAT, p.shape());
            }
        }
    }

    /** Copies all parameter values, in registration order, into {@code flat} (length {@link #size()}). */
    public void copyTo(float[] flat) {
        checkLength(flat);
        for (Param p : params) {
            float[] v = Ops.toHeap(p.value);
            System.arraycopy(v, 0, flat, (int) p.offset(), v.length);
        }
    }

    /** Sets all parameter values from the flat layout of {@link #copyTo}. */
    public void copyFrom(float[] flat) {
        checkLength(flat);
        for (Param p : params) {
            float[] v = new float[(int) p.length()];
            System.arraycopy(flat, (int) p.offset(), v, 0, v.length);
            Ops.write(v, p.value);
        }
    }

    /** The gradients in the flat layout. */
    public void copyGradTo(float[] flat) {
        checkLength(flat);
        for (Param p : params) {
            float[] v = Ops.toHeap(p.grad);
            System.arraycopy(v, 0, flat, (int) p.offset(), v.length);
        }
    }

    /** Copies the values of another set with the same layout. */
    public void copyFrom(ParamSet other) {
        if (other.params.size() != params.size() || other.size != size) {
            throw new IllegalArgumentException("parameter layouts differ");
        }
        for (int i = 0; i < params.size(); i++) {
            params.get(i).value.assign(other.params.get(i).value);
        }
    }

    private void checkLength(float[] flat) {
        if (flat.length != size) {
            throw new IllegalArgumentException("expected " + size + " values, got " + flat.length);
        }
    }

    /** Number of scalar parameters. */
    public long size() {
        return size;
    }

    public List<Param> params() {
        return Collections.unmodifiableList(params);
    }

    public Param get(String name) {
        Param p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return p;
    }
}
