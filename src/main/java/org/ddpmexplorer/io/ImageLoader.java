package org.ddpmexplorer.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads images with ImageIO and the TwelveMonkeys plugins (PNG incl. 16-bit, JPEG incl. CMYK/YCCK,
 * BMP, GIF (first frame), WebP). Never decodes blindly: the dimensions are read from the header
 * first; anything over {@link #MAX_PIXELS} is refused, and big images are subsampled while they
 * are decoded so that at most about (2·{@link #SOURCE_LONG_SIDE})² pixels are ever held.
 * Every failure is an {@link ImageLoadException} whose message names the file and the reason.
 */
public final class ImageLoader {
    /** Refuse images above 400 megapixels: even subsampled, reading them would take minutes. */
    public static final long MAX_PIXELS = 400_000_000L;
    /** Long side of the kept source image: twice the largest working size (512), for quality. */
    public static final int SOURCE_LONG_SIDE = 1024;
    /** The formats the file dialog offers (lower case, no dot). */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "gif", "webp");

    static {
        ImageIO.setUseCache(false); // no temp files while decoding streams
        ImageIO.scanForPlugins();  // TwelveMonkeys' readers, also when loaded by a non-system class loader
    }

    private ImageLoader() {
    }

    /** Reads an image file (see the class comment for the limits). */
    public static LoadedImage load(Path path) throws ImageLoadException {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        String shown = path.toString(); // messages name the file as the user gave it
        try {
            if (Files.isDirectory(path)) {
                throw new ImageLoadException(shown + ": is a folder, not an image file");
            }
            if (!Files.exists(path)) {
                throw new ImageLoadException(path + ": no such file");
            }
            if (!Files.isReadable(path)) {
                throw new ImageLoadException(path + ": permission denied");
            }
            if (Files.size(path) == 0) {
                throw new ImageLoadException(shown + ": the file is empty");
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
                if (in == null) {
                    throw new ImageLoadException(shown + ": cannot open the file");
                }
                return decode(name, shown, path, in);
            }
        } catch (ImageLoadException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new ImageLoadException(path + ": no such file", e);
        } catch (IOException e) {
            throw new ImageLoadException(shown + ": cannot read the file (" + e.getMessage() + ")", e);
        }
    }

    /** Reads an image from a stream (a bundled resource); {@code name} is used in messages. */
    public static LoadedImage load(String name, InputStream stream) throws ImageLoadException {
        try (ImageInputStream in = ImageIO.createImageInputStream(stream)) {
            if (in == null) {
                throw new ImageLoadException(name + ": cannot open the stream");
            }
            return decode(name, name, null, in);
        } catch (ImageLoadException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageLoadException(name + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static LoadedImage decode(String name, String shown, Path path, ImageInputStream in)
            throws ImageLoadException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new ImageLoadException(shown + ": not an image in a supported format (PNG, JPEG, BMP, GIF or WebP)");
        }
        ImageReader reader = readers.next();
        List<String> fatal = new ArrayList<>();
        IIOReadWarningListener warnings = (source, warning) -> {
            String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
            // libjpeg reports a truncated or damaged JPEG only as a warning and fills in grey.
            if (w.contains("premature end") || w.contains("corrupt") || w.contains("truncat")) {
                fatal.add(warning);
            }
        };
        try {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener(warnings);
            int w = reader.getWidth(0), h = reader.getHeight(0);
            if (w <= 0 || h <= 0) {
                throw new ImageLoadException(shown + ": the image has no pixels (" + w + "x" + h + ")");
            }
            long pixels = (long) w * h;
            if (pixels > MAX_PIXELS) {
                throw new ImageLoadException(String.format(Locale.ROOT,
                        "%s: the image is too large (%d x %d, %.0f megapixels; the limit is %d)",
                        shown, w, h, pixels / 1e6, MAX_PIXELS / 1_000_000));
            }
            ImageReadParam param = reader.getDefaultReadParam();
            int sub = subsampling(w, h);
            if (sub > 1) {
                param.setSourceSubsampling(sub, sub, 0, 0);
            }
            BufferedImage img = reader.read(0, param);
            if (!fatal.isEmpty()) {
                throw new ImageLoadException(shown + ": the file is truncated or corrupt (" + fatal.get(0) + ")");
            }
            ImageTensor t = ImageTensors.fitLongSide(ImageTensors.fromBufferedImage(img), SOURCE_LONG_SIDE);
            return new LoadedImage(name, path, w, h, t);
        } catch (ImageLoadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders report damaged data with IIOException, EOFException, but also with
            // IndexOutOfBounds, NegativeArraySize and the like: all mean the same to the user.
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ImageLoadException(shown + ": the file is truncated or corrupt (" + oneLine(why) + ")", e);
        } catch (OutOfMemoryError e) {
            throw new ImageLoadException(shown + ": not enough memory to decode the image", e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The integer subsampling factor that keeps the decoded long side at least
     * {@link #SOURCE_LONG_SIDE} but below twice that.
     */
    static int subsampling(int w, int h) {
        return Math.max(1, Math.max(w, h) / SOURCE_LONG_SIDE);
    }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ').replace('\r', ' ').trim();
        return t.length() > 160 ? t.substring(0, 160) + "…" : t; // keep the message to one short line
    }
}
