package org.ddpmexplorer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The MLP's forward pass against a double-precision reference, and its backward pass against finite differences of it. */
class MlpGradientTest {
    private static final MlpConfig SMALL = new MlpConfig(8, 2, 6, 3);

    /** The network of {@link Mlp}'s Javadoc, written out in double from the flat parameters. */
    static double[] reference(Mlp net, double[] p, float[] xy, int[] tNet) {
        MlpConfig c = net.config();
        int hid = c.hidden(), e = c.timeEmbedding(), f = c.frequencies(), inW = 2 + 4 * f + e, outs = net.outputs(),
                half = e / 2;
        double[] out = new double[tNet.length * outs];
        for (int s = 0; s < tNet.length; s++) {
            double[] in = new double[inW];
            in[0] = xy[2 * s];
            in[1] = xy[2 * s + 1];
            for (int k = 0; k < f; k++) {
                double w = Math.pow(2, k);
                in[2 + 4 * k] = Math.sin(w * xy[2 * s]);
                in[3 + 4 * k] = Math.cos(w * xy[2 * s]);
                in[4 + 4 * k] = Math.sin(w * xy[2 * s + 1]);
                in[5 + 4 * k] = Math.cos(w * xy[2 * s + 1]);
            }
            int to = 2 + 4 * f;
            for (int i = 0; i < half; i++) {
                double fr = Math.exp(-Math.log(10000) * i / half);
                in[to + i] = Math.sin(tNet[s] * fr);
                in[to + half + i] = Math.cos(tNet[s] * fr);
            }
            double[] h = silu(linear(net, p, "in", in, hid));
            for (int k = 0; k < c.depth(); k++) {
                double[] z = silu(linear(net, p, "block" + k, h, hid));
                for (int i = 0; i < hid; i++) {
                    h[i] += z[i];
                }
            }
            double[] o = linear(net, p, "out", h, outs);
            System.arraycopy(o, 0, out, s * outs, outs);
        }
        return out;
    }

    private static double[] linear(Mlp net, double[] p, String name, double[] x, int outs) {
        int w = (int) net.params().get(name + ".weight").offset(), b = (int) net.params().get(name + ".bias").offset();
        double[] y = new double[outs];
        for (int j = 0; j < outs; j++) {
            double s = p[b + j];
            for (int i = 0; i < x.length; i++) {
                s += x[i] * p[w + i * outs + j]; // W is [in, out], row-major
            }
            y[j] = s;
        }
        return y;
    }

    private static double[] silu(double[] z) {
        double[] a = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            a[i] = z[i] / (1 + Math.exp(-z[i]));
        }
        return a;
    }

    private static double[] flat(Mlp net) {
        float[] f = new float[(int) net.numParams()];
        net.params().copyTo(f);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void forwardMatchesTheFormula() {
        Mlp net = new Mlp(new MlpConfig(128, 3, 32, 5), 3);
        Random r = new Random(1);
        int n = 37;
        float[] xy = new float[2 * n];
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            xy[2 * i] = (float) (2 * r.nextGaussian());
            xy[2 * i + 1] = (float) (2 * r.nextGaussian());
            t[i] = r.nextInt(200);
        }
        float[] got = net.predict(xy, t);
        double[] want = reference(net, flat(net), xy, t);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-4 * (1 + Math.abs(want[i])), "output " + i);
        }
        // the same points through a batch of another size give the same values
        float[] one = net.predict(new float[] {xy[4], xy[5]}, new int[] {t[2]});
        assertEquals(got[4], one[0], 1e-5);
        assertEquals(got[5], one[1], 1e-5);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        for (int outs : new int[] {2, 4}) {
            Mlp net = new Mlp(SMALL, outs, 5);
            Random r = new Random(2);
            int n = 5;
            float[] xy = new float[2 * n];
            int[] t = new int[n];
            for (int i = 0; i < n; i++) {
                xy[2 * i] = (float) r.nextGaussian();
                xy[2 * i + 1] = (float) r.nextGaussian();
                t[i] = r.nextInt(100);
            }
            // L = Σ g · out for a fixed random g, so dL/dout = g
            double[] g = new double[n * outs];
            float[] gf = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = r.nextGaussian();
                gf[i] = (float) g[i];
            }
            net.forward(xy, t);
            net.params().params().forEach(p -> p.grad().assign(Double.NaN)); // every gradient must be written
            net.backward(Nd4j.create(gf, new long[] {n, outs}, 'c'));
            float[] grad = new float[(int) net.numParams()];
            net.params().copyGradTo(grad);
            double[] p = flat(net);
            double worst = 0;
            for (int k = 0; k < p.length; k++) {
                double keep = p[k], h = 1e-6;
                p[k] = keep + h;
                double up = dot(g, reference(net, p, xy, t));
                p[k] = keep - h;
                double down = dot(g, reference(net, p, xy, t));
                p[k] = keep;
                double fd = (up - down) / (2 * h);
                assertTrue(Float.isFinite(grad[k]), "gradient " + k + " was not written");
                worst = Math.max(worst, Math.abs(fd - grad[k]) / (1e-3 + Math.abs(fd)));
            }
            assertTrue(worst < 1e-3, outs + " outputs: worst relative error " + worst);
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void backwardNeedsItsForwardPass() {
        Mlp net = new Mlp(SMALL, 1);
        net.predict(new float[] {0, 0}, new int[] {0});
        assertThrows(IllegalStateException.class, () -> net.backward(Nd4j.zeros(1, 2).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)));
        assertThrows(IllegalArgumentException.class, () -> new MlpConfig(8, 2, 5));
        assertThrows(IllegalArgumentException.class, () -> new MlpConfig(0, 2, 4));
    }

    @Test
    void denoiserFeedsTMinusOne() {
        Mlp net = new Mlp(SMALL, 4);
        MlpDenoiser d = new MlpDenoiser(net);
        float[] xy = {0.3f, -0.7f, 1.2f, 0.1f};
        float[] eps = d.predictNoise(xy, 10);
        float[] direct = net.predict(xy, new int[] {9, 9});
        for (int i = 0; i < 4; i++) {
            assertEquals(direct[i], eps[i], 0f);
        }
        float[] viaNd4j = d.predictNoise(Nd4j.create(xy, new long[] {2, 2}, 'c'), new int[] {10, 10}, null)
                .data().asFloat();
        for (int i = 0; i < 4; i++) {
            assertEquals(direct[i], viaNd4j[i], 0f);
        }
    }
}
