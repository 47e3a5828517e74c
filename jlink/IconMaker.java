import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Draws the app icon: a ring that dissolves into Gaussian noise from left to right, the forward
 * process x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps with t growing across the picture.
 * Run: java jlink/IconMaker.java jlink/icon.png
 */
public class IconMaker {
    public static void main(String[] args) throws Exception {
        int n = 256;
        BufferedImage clean = new BufferedImage(n, n, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = clean.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x1f2a44));
        g.fill(new RoundRectangle2D.Double(8, 8, n - 16, n - 16, 56, 56));
        g.setStroke(new BasicStroke(30));
        g.setColor(new Color(0xffb347));
        g.draw(new Ellipse2D.Double(58, 58, n - 116, n - 116));
        g.setColor(new Color(0x6fd3ff));
        g.fill(new Ellipse2D.Double(104, 104, n - 208, n - 208));
        g.dispose();
        BufferedImage out = new BufferedImage(n, n, BufferedImage.TYPE_INT_ARGB);
        Random rng = new Random(1);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int p = clean.getRGB(x, y);
                if ((p >>> 24) == 0) {
                    continue; // outside the rounded square: transparent
                }
                double s = Math.max(0, (x - 0.25 * n) / (0.75 * n)); // 0 on the left quarter, 1 at the right edge
                double abar = Math.cos(s * Math.PI / 2) * Math.cos(s * Math.PI / 2); // cosine schedule
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = ((p >> (16 - 8 * c)) & 0xff) / 127.5 - 1;
                    double xt = Math.sqrt(abar) * v + Math.sqrt(1 - abar) * rng.nextGaussian() * 0.8;
                    int b = (int) Math.round((Math.max(-1, Math.min(1, xt)) + 1) * 127.5);
                    rgb = rgb << 8 | b;
                }
                out.setRGB(x, y, (p & 0xff000000) | rgb);
            }
        }
        ImageIO.write(out, "png", new File(args[0]));
    }
}
