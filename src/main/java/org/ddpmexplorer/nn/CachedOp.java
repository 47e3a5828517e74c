package org.ddpmexplorer.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One call site of a libnd4j op whose arrays rarely change (a layer's preallocated buffers):
 * the op and its native context are built once and executed again while the same array objects
 * are passed. Building them for every call cost more than small kernels themselves (measured:
 * about 2.5x the time of a tiny conv2d), and it is executed by libnd4j directly. Not thread-safe, like
 * the layers that own it.
 */
final class CachedOp {
    private final String name;
    private DynamicCustomOp op;
    private OpContext ctx;
    private INDArray[] ins = new INDArray[0], outs = new INDArray[0];
    private long[] iargs = new long[0];
    private double[] targs = new double[0];

    CachedOp(String name) {
        this.name = name;
    }

    /** Executes the op on these arrays (compared by identity) and arguments (by value). */
    void exec(INDArray[] inputs, INDArray[] outputs, long[] intArgs, double[] floatArgs) {
        if (op == null || !same(inputs, ins) || !same(outputs, outs) || !java.util.Arrays.equals(intArgs, iargs)
                || !java.util.Arrays.equals(floatArgs, targs)) {
            if (ctx != null) {
                try {
                    ctx.close();
                } catch (Exception e) {
                    // releasing a native context cannot fail in a way we could act on
                }
            }
            ins = inputs.clone();
            outs = outputs.clone();
            iargs = intArgs.clone();
            targs = floatArgs.clone();
            DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(name).addInputs(inputs).addOutputs(outputs);
            if (intArgs.length > 0) {
                int[] ia = new int[intArgs.length];
                for (int i = 0; i < ia.length; i++) {
                    ia[i] = Math.toIntExact(intArgs[i]);
                }
                b.addIntegerArguments(ia);
            }
            if (floatArgs.length > 0) {
                b.addFloatingPointArguments(boxed(floatArgs));
            }
            op = b.build();
            ctx = Nd4j.getExecutioner().buildContext();
            ctx.setInputArrays(inputs);
            ctx.setOutputArrays(outputs);
            if (intArgs.length > 0) {
                ctx.setIArguments(intArgs);
            }
            if (floatArgs.length > 0) {
                ctx.setTArguments(floatArgs);
            }
        }
        // The native call itself: Nd4j.exec(op, ctx) wraps it in Java bookkeeping (workspace checks,
        // profiling hooks, fresh lists of the context's arrays, the oneDNN switch read back through a new
        // JavaCPP pointer) that would make most of the training thread's garbage, and young-GC pauses
        // that drop frames while the Train tab trains (docs/benchmarks.md, section 'CachedOp: libnd4j's
        // exec call, once per op').
        org.nd4j.nativeblas.NativeOps ops = Native.OPS;
        int status = ops.execCustomOp2(null, op.opHash(), ctx.contextPointer());
        if (status != 0) {
            throw new IllegalStateException("libnd4j op " + name + " failed (" + status + "): " + ops.lastErrorMessage());
        }
    }

    /** libnd4j's entry points, looked up on first use (after ND4J has loaded its backend). */
    private static final class Native {
        static final org.nd4j.nativeblas.NativeOps OPS = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
    }

    private static Double[] boxed(double[] a) {
        Double[] b = new Double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i];
        }
        return b;
    }

    private static boolean same(INDArray[] a, INDArray[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }
}
