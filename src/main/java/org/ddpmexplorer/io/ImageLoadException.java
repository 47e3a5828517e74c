package org.ddpmexplorer.io;

import java.io.IOException;

/**
 * An image that cannot be loaded. The message is meant for the user as it is: it names the file
 * and the reason ("photo.jpg: the file is truncated or corrupt"), in one line.
 */
public final class ImageLoadException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageLoadException(String message) {
        super(message);
    }

    public ImageLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
