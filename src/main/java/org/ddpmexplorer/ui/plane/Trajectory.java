package org.ddpmexplorer.ui.plane;

/**
 * A recorded reverse run of n particles: the states x at the timesteps {@code ts} (descending, from
 * x_T to the sample at t = 0) and the model's x̂_0 at each state (Ho et al. eq. 15; the sample's own
 * for the last). Positions between two recorded timesteps (DDIM and respaced runs skip steps) are
 * interpolated linearly, so the shared time slider scrubs the run continuously.
 *
 * @param ts timesteps of the states, ts[0] = T ... ts[last] = 0
 * @param x  x at each state, interleaved xy of n particles
 * @param x0 x̂_0 at each state
 */
record Trajectory(int[] ts, float[][] x, float[][] x0) {
    Trajectory {
        if (ts.length < 2 || x.length != ts.length || x0.length != ts.length) {
            throw new IllegalArgumentException("a trajectory needs at least two states, each with x and x̂_0");
        }
    }

    int particles() {
        return x[0].length / 2;
    }

    int states() {
        return ts.length;
    }

    /** The index k of the state at or just above t: ts[k] ≥ t > ts[k + 1] (the last state for t = 0). */
    int stateAt(double t) {
        for (int k = 0; k < ts.length - 1; k++) {
            if (t > ts[k + 1]) {
                return k;
            }
        }
        return ts.length - 1;
    }

    /** The state nearest to t. */
    int nearestState(double t) {
        int best = 0;
        for (int k = 1; k < ts.length; k++) {
            if (Math.abs(ts[k] - t) < Math.abs(ts[best] - t)) {
                best = k;
            }
        }
        return best;
    }

    /** Writes the particles at time t into {@code out} (length 2n), interpolating between recorded states. */
    void positionsAt(double t, float[] out) {
        interpolate(x, t, out);
    }

    /** x̂_0 at time t, interpolated likewise. */
    void predictedStartAt(double t, float[] out) {
        interpolate(x0, t, out);
    }

    private void interpolate(float[][] states, double t, float[] out) {
        int k = stateAt(t);
        if (k >= ts.length - 1) {
            System.arraycopy(states[ts.length - 1], 0, out, 0, out.length);
            return;
        }
        float f = (float) ((ts[k] - t) / (double) (ts[k] - ts[k + 1])); // 0 at ts[k], 1 at ts[k+1]
        f = Math.max(0, Math.min(1, f));
        float[] a = states[k], b = states[k + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] + (b[i] - a[i]) * f;
        }
    }
}
