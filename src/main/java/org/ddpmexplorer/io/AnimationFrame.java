package org.ddpmexplorer.io;

/**
 * One frame of an animation as the GIF export consumes it: the images at timestep t. The images
 * may be computed lazily, on the first call; a frame is valid until its source's next frame is
 * taken (only the frames chosen for the GIF are ever asked for their images).
 */
public interface AnimationFrame {
    /** The paper's timestep of x_t (0 is the clean image or the final sample). */
    int t();

    /** x_t of image i of the batch (NHWC, N = 1, values in [-1, 1]). */
    ImageTensor xt(int i);

    /** The model's x̂_0 for image i, or null if the source has none (the forward process). */
    ImageTensor predictedStart(int i);
}
