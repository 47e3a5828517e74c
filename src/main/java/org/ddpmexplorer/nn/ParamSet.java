package org.ddpmexplorer.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * All parameters of a network in one flat float array (and one flat gradient array of the same
 * layout), so that the optimiser, the EMA, gradient clipping and checkpoints work on two
 * contiguous arrays. Layers register their parameters while they are built; {@link #bind()}
 * then allocates the arrays and hands out views.
 */
public final class ParamSet {
    private final List<Param> params = new ArrayList<>();
    private final Map<String, Param> byName = new LinkedHashMap<>();
    private long size;
    private INDArray flat;
    private INDArray grad;

    Param add(String name, Param.Init init, long... shape) {
        if (flat != null) {
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

    /** Allocates the flat arrays and binds every parameter to its views, initialised from {@code rng}. */
    void bind(Random rng) {
        flat = Nd4j.create(DataType.FLOAT, size);
        grad = Nd4j.create(DataType.FLOAT, size);
        float[] init = new float[Math.toIntExact(size)];
        for (Param p : params) {
            int from = (int) p.offset(), to = (int) (p.offset() + p.length());
            for (int i = from; i < to; i++) {
                init[i] = switch (p.init.kind()) {
                    case UNIFORM -> (float) ((rng.nextDouble() * 2 - 1) * p.init.value());
                    case CONSTANT -> (float) p.init.value();
                    case NORMAL -> (float) rng.nextGaussian();
                };
            }
        }
        flat.assign(Nd4j.createFromArray(init));
        for (Param p : params) {
            p.value = view(flat, p);
            p.grad = view(grad, p);
        }
    }

    private static INDArray view(INDArray flatArray, Param p) {
        return flatArray.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(p.offset(), p.offset() + p.length()))
                .reshape('c', p.shape());
    }

    /** Number of scalar parameters. */
    public long size() {
        return size;
    }

    /** The flat parameter array (length {@link #size()}); writing to it changes the model. */
    public INDArray flat() {
        return flat;
    }

    /** The flat gradient array. */
    public INDArray grad() {
        return grad;
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
