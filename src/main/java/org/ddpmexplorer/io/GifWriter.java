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
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("gif");
        if (!it.hasNext()) {
            throw new IOException("this Java runtime has no GIF writer");
        }
        ImageWriter writer = it.next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames.size(); i++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancelledException();
                }
                BufferedImage f = frames.get(i);
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(f), null);
                configure(meta, delaysMs[i], loop, i == 0);
                writer.writeToSequence(new IIOImage(f, null, meta), null);
                progress.accept(i + 1);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
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
