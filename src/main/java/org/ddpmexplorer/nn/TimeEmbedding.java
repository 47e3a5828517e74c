package org.ddpmexplorer.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The timestep (and optional class) embedding: emb = [sin(t·f), cos(t·f)] with
 * f_i = exp(-ln(10000)·i/(d/2)) (Vaswani et al.; Ho et al. appendix B), then
 * tact = SiLU(Linear(SiLU(Linear(emb))) + classEmb[y]). Every residual block projects tact.
 * Class index {@code numClasses} is "no class", used for classifier-free guidance.
 */
final class TimeEmbedding {
    final int dim, numClasses;
    private final Linear l1, l2;
    private final Param classEmb;
    private final SinusoidalEmbedding sinusoid;
    private INDArray emb, a1, pre, tact, dPre, dA1, scratch, dZ1, scratch2;
    private final CachedOp multiply1 = new CachedOp("multiply"), multiply2 = new CachedOp("multiply");
    private float[] embH, preH;
    private int[] lastClasses;

    TimeEmbedding(ParamSet ps, int dim, int numClasses) {
        sinusoid = new SinusoidalEmbedding(dim);
        this.dim = dim;
        this.numClasses = numClasses;
        l1 = new Linear(ps, "time.linear1", dim, dim);
        l2 = new Linear(ps, "time.linear2", dim, dim);
        classEmb = numClasses > 0 ? ps.add("class.embedding", Param.Init.normal(), numClasses + 1, dim) : null;
    }

    /** The sinusoidal embedding of timestep values (row per sample), written into {@code out}. */
    void sinusoidal(int[] t, float[] out) {
        sinusoid.embed(t, out, dim, 0);
    }

    /**
     * @param t       network timestep input per sample (0..T-1)
     * @param classes class per sample (0..numClasses-1, or numClasses / -1 for none); null = none
     * @return tact [N, dim] (layer-owned)
     */
    INDArray forward(int[] t, int[] classes) {
        int n = t.length;
        embH = Ops.ensure(embH, (long) n * dim);
        sinusoidal(t, embH);
        emb = Ops.ensure(emb, n, dim);
        Ops.write(embH, emb);
        INDArray z1 = l1.forward(emb);
        a1 = Ops.ensure(a1, n, dim);
        Ops.silu(z1, a1);
        INDArray z2 = l2.forward(a1);
        pre = Ops.ensure(pre, n, dim);
        if (classEmb != null) {
            lastClasses = new int[n];
            preH = Ops.ensure(preH, (long) n * dim);
            Ops.read(z2, preH);
            float[] table = Ops.toHeap(classEmb.value);
            for (int s = 0; s < n; s++) {
                int y = classes == null || classes[s] < 0 ? numClasses : classes[s];
                if (y > numClasses) {
                    throw new IllegalArgumentException("class " + y + " out of range 0.." + (numClasses - 1));
                }
                lastClasses[s] = y;
                for (int i = 0; i < dim; i++) {
                    preH[s * dim + i] += table[y * dim + i];
                }
            }
            Ops.write(preH, pre);
        } else {
            pre.assign(z2);
        }
        tact = Ops.ensure(tact, n, dim);
        Ops.silu(pre, tact);
        return tact;
    }

    /** From dL/dtact: writes the gradients of the MLP and the class table. */
    void backward(INDArray dTact) {
        int n = (int) dTact.size(0);
        dPre = Ops.ensure(dPre, n, dim);
        scratch = Ops.ensure(scratch, n, dim);
        Ops.siluBackward(pre, dTact, dPre, scratch, multiply1);
        if (classEmb != null) {
            float[] d = new float[(int) classEmb.length()];
            Ops.read(dPre, preH);
            for (int s = 0; s < n; s++) {
                int y = lastClasses[s];
                for (int i = 0; i < dim; i++) {
                    d[y * dim + i] += preH[s * dim + i];
                }
            }
            Ops.write(d, classEmb.grad);
        }
        INDArray dA = l2.backward(dPre, null);
        dZ1 = Ops.ensure(dZ1, n, dim);
        scratch2 = Ops.ensure(scratch2, n, dim);
        Ops.siluBackward(l1Output(), dA, dZ1, scratch2, multiply2);
        l1.backwardParamsOnly(dZ1);
    }

    private INDArray l1Output() {
        // z1 is l1's own output buffer, still holding this step's values
        return l1.lastOutput();
    }
}
