package org.ddpmexplorer.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One named parameter tensor with its gradient array. {@link #offset()} is its place in the flat
 * layout of its {@link ParamSet}.
 */
public final class Param {
    private final String name;
    private final long[] shape;
    private final long offset;
    /** PyTorch-style initialisation: uniform in ±bound, a constant, or N(0, 1). */
    final Init init;
    INDArray value;
    INDArray grad;

    Param(String name, long[] shape, long offset, Init init) {
        this.name = name;
        this.shape = shape.clone();
        this.offset = offset;
        this.init = init;
    }

    public String name() {
        return name;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long offset() {
        return offset;
    }

    public long length() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** The parameter's values (a view: writes go to the model). */
    public INDArray value() {
        return value;
    }

    /** The gradient of the loss with respect to this parameter, after a backward pass. */
    public INDArray grad() {
        return grad;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }

    /** How a parameter starts. */
    record Init(Kind kind, double value) {
        enum Kind { UNIFORM, CONSTANT, NORMAL }

        static Init uniform(double bound) {
            return new Init(Kind.UNIFORM, bound);
        }

        static Init constant(double v) {
            return new Init(Kind.CONSTANT, v);
        }

        static Init normal() {
            return new Init(Kind.NORMAL, 1);
        }
    }
}
