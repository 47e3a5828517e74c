package org.ddpmexplorer.io;

import java.util.Iterator;

/**
 * A stream of animation frames whose number is known up front, so frames can be chosen while
 * streaming (the GIF export keeps only the frame it is drawing). A source is consumed once.
 * {@link AnimationSources} makes them from a sampler, from the forward process and from frames
 * recorded in memory.
 */
public interface AnimationSource extends Iterator<AnimationFrame> {
    /** The number of frames the source yields. */
    int size();

    /** The number of images in each frame (the sampling batch; 1 for the forward process). */
    int batch();

    /** Whether frames carry x̂_0 (needed for {@link GifOptions.Layout#SIDE_BY_SIDE}). */
    boolean hasPredictedStart();
}
