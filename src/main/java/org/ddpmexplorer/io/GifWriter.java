package org.ddpmexplorer.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes animated GIFs with the JDK's ImageIO GIF writer: the frame delay goes in each frame's
 * graphic control extension and looping in the NETSCAPE2.0 application extension. Gray frames keep
 * an exact 256-level gray palette; colour frames get the writer's own per-frame octree palette.
 */
public final class GifWriter {
    private GifWriter() {
    }

    /** Thrown when a write is cancelled; the target file is left untouched. */
    public static final class CancelledException extends IOException {
        private static final long serialVersionUID = 1L;

        public CancelledException() {
            super("cancelled");
        }
    }

    /**
     * Writes {@code frames} to {@code file} atomically.
     *
     * @param delaysMs  delay after each frame in milliseconds (GIF stores hundredths of a second)
     * @param loop      loop forever (else play once)
     * @param cancelled checked before each frame
     * @param progress  receives the number of frames written
     */
    public static void write(Path file, List<BufferedImage> frames, int[] delaysMs, boolean loop,
                             BooleanSupplier cancelled, IntConsumer progress) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames");
        }
        if (delaysMs.length != frames.size()) {
            throw new IllegalArgumentException(delaysMs.length + " delays for " + frames.size() + " frames");
        }
        AtomicFiles.write(file, out -> write(out, frames, delaysMs, loop, cancelled, progress));
    }

    /** Writes the GIF to a stream. */
    public static void write(OutputStream out, List<BufferedImage> frames, int[] delaysMs, boolean loop,
                             BooleanSupplier cancelled, IntConsumer progress) throws IOException {
        try (Sequence seq = open(out, loop)) {
            for (int i = 0; i < frames.size(); i++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancelledException();
                }
                seq.append(frames.get(i), delaysMs[i]);
                progress.accept(i + 1);
            }
            seq.finish();
        }
    }

    /**
     * Starts a GIF on a stream, to which frames are appended one at a time (so an animation of any
     * length needs one frame in memory). Call {@link Sequence#finish()} after the last frame; closing
     * without it leaves an incomplete GIF (write into {@link AtomicFiles} so that it is dropped).
     */
    public static Sequence open(OutputStream out, boolean loop) throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("gif");
        if (!it.hasNext()) {
            throw new IOException("this Java runtime has no GIF writer");
        }
        ImageWriter writer = it.next();
        ImageOutputStream ios = ImageIO.createImageOutputStream(out);
        writer.setOutput(ios);
        writer.prepareWriteSequence(null);
        return new Sequence(writer, ios, loop);
    }

    /** A GIF being written; see {@link #open}. */
    public static final class Sequence implements AutoCloseable {
        private final ImageWriter writer;
        private final ImageOutputStream ios;
        private final boolean loop;
        private int frames;
        private boolean finished;

        private Sequence(ImageWriter writer, ImageOutputStream ios, boolean loop) {
            this.writer = writer;
            this.ios = ios;
            this.loop = loop;
        }

        /** Appends a frame shown for {@code delayMs} (rounded to hundredths of a second). */
        public void append(BufferedImage frame, int delayMs) throws IOException {
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
            configure(meta, delayMs, loop, frames == 0);
            if (frame.getColorModel() instanceof java.awt.image.IndexColorModel icm) {
                localPalette(meta, icm);
            }
            writer.writeToSequence(new IIOImage(frame, null, meta), null);
            frames++;
        }

        /** The number of frames appended. */
        public int frames() {
            return frames;
        }

        /** Writes the trailer. */
        public void finish() throws IOException {
            if (frames == 0) {
                throw new IllegalStateException("no frames");
            }
            writer.endWriteSequence();
            ios.flush();
            finished = true;
        }

        @Override
        public void close() throws IOException {
            try {
                ios.close();
            } finally {
                writer.dispose();
            }
        }

        boolean finished() {
            return finished;
        }
    }

    private static void configure(IIOMetadata meta, int delayMs, boolean loop, boolean first) throws IOException {
        String format = meta.getNativeMetadataFormatName(); // javax_imageio_gif_image_1.0
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(Math.max(1, Math.round(delayMs / 10f)))); // 1/100 s
        gce.setAttribute("transparentColorIndex", "0");
        if (first && loop) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            // sub-block 1, then the loop count 0 (forever) as a little-endian short
            app.setUserObject(new byte[] {1, 0, 0});
            apps.appendChild(app);
        }
        meta.setFromTree(format, root);
    }

    /**
     * Writes an indexed frame's own palette as its local colour table: without it the JDK writer
     * maps the indices through another table and the colours come out scrambled.
     */
    private static void localPalette(IIOMetadata meta, java.awt.image.IndexColorModel icm) throws IOException {
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode table = child(root, "LocalColorTable");
        while (table.getLength() > 0) {
            table.removeChild(table.getFirstChild());
        }
        int n = 2;
        while (n < icm.getMapSize()) {
            n *= 2; // GIF tables hold 2^k entries
        }
        table.setAttribute("sizeOfLocalColorTable", Integer.toString(n));
        table.setAttribute("sortFlag", "FALSE");
        for (int i = 0; i < n; i++) {
            IIOMetadataNode e = new IIOMetadataNode("ColorTableEntry");
            int rgb = i < icm.getMapSize() ? icm.getRGB(i) : 0;
            e.setAttribute("index", Integer.toString(i));
            e.setAttribute("red", Integer.toString((rgb >> 16) & 0xff));
            e.setAttribute("green", Integer.toString((rgb >> 8) & 0xff));
            e.setAttribute("blue", Integer.toString(rgb & 0xff));
            table.appendChild(e);
        }
        meta.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode n = new IIOMetadataNode(name);
        root.appendChild(n);
        return n;
    }
}
