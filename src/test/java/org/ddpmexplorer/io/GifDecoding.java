package org.ddpmexplorer.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;

/** A GIF decoded with ImageIO: its frames, their delays and its loop extension. */
public record GifDecoding(List<BufferedImage> frames, List<Integer> delaysCs, boolean loopsForever) {

    public static GifDecoding read(Path file) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in, false);
            int n = reader.getNumImages(true);
            List<BufferedImage> frames = new ArrayList<>();
            List<Integer> delays = new ArrayList<>();
            boolean loop = false;
            for (int i = 0; i < n; i++) {
                frames.add(reader.read(i));
                IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode gce = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
                delays.add(Integer.parseInt(gce.getAttribute("delayTime")));
                var apps = root.getElementsByTagName("ApplicationExtension");
                for (int k = 0; k < apps.getLength(); k++) {
                    IIOMetadataNode app = (IIOMetadataNode) apps.item(k);
                    byte[] data = (byte[]) app.getUserObject();
                    if ("NETSCAPE".equals(app.getAttribute("applicationID")) && "2.0".equals(app.getAttribute("authenticationCode"))
                            && data.length == 3 && data[0] == 1 && data[1] == 0 && data[2] == 0) {
                        loop = true; // sub-block 1, loop count 0: forever
                    }
                }
            }
            return new GifDecoding(frames, delays, loop);
        } finally {
            reader.dispose();
        }
    }

    /** Gray levels of a frame region (the red channel of the decoded RGB). */
    public static int gray(BufferedImage img, int x, int y) {
        return (img.getRGB(x, y) >> 16) & 0xff;
    }
}
