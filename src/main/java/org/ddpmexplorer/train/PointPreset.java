package org.ddpmexplorer.train;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Random;

/**
 * The 2-D data sets of the playground. {@link #sample} draws n points from the shape with a seeded
 * generator and returns them in the standard coordinates of {@link PointSet#standardised()}.
 * The shapes follow the usual toy benchmarks (scikit-learn's make_moons and make_circles, FFJORD's
 * checkerboard and eight Gaussians); their noise levels are stated where they are drawn.
 */
public enum PointPreset {
    TWO_MOONS("two-moons", "Two moons"),
    SWISS_ROLL("swiss-roll", "Swiss roll"),
    SPIRAL("spiral", "Spiral"),
    EIGHT_GAUSSIANS("eight-gaussians", "Eight Gaussians"),
    CHECKERBOARD("checkerboard", "Checkerboard"),
    CIRCLES("circles", "Circles"),
    SMILEY("smiley", "Smiley");

    /** Points of a preset by default: enough that a model cannot memorise them in a few seconds. */
    public static final int DEFAULT_POINTS = 8000;
    /** Largest number of points a preset or text draws. */
    public static final int MAX_POINTS = 1_000_000;

    private final String id, label;

    PointPreset(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The command-line name, e.g. "two-moons". */
    public String id() {
        return id;
    }

    /** The name shown in the GUI, e.g. "Two moons". */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }

    /** The preset with this id (case-insensitive); IllegalArgumentException listing the ids otherwise. */
    public static PointPreset byId(String id) {
        String s = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (PointPreset p : values()) {
            if (p.id.equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown data set '" + id + "' (expected one of " + ids() + ")");
    }

    /** The ids, separated by '|'. */
    public static String ids() {
        StringBuilder sb = new StringBuilder();
        for (PointPreset p : values()) {
            sb.append(sb.length() == 0 ? "" : "|").append(p.id);
        }
        return sb.toString();
    }

    /** n points of this shape drawn with {@code seed}, standardised. */
    public PointSet sample(int n, long seed) {
        checkCount(n);
        Random r = new Random(seed);
        float[] xy = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double[] p = switch (this) {
                case TWO_MOONS -> moon(r);
                case SWISS_ROLL -> swissRoll(r);
                case SPIRAL -> spiral(r);
                case EIGHT_GAUSSIANS -> eightGaussians(r);
                case CHECKERBOARD -> checkerboard(r);
                case CIRCLES -> circles(r);
                case SMILEY -> smiley(r);
            };
            xy[2 * i] = (float) p[0];
            xy[2 * i + 1] = (float) p[1];
        }
        return new PointSet(xy).standardised();
    }

    private static void checkCount(int n) {
        if (n < 1 || n > MAX_POINTS) {
            throw new IllegalArgumentException("number of points must be in 1.." + MAX_POINTS + ", got " + n);
        }
    }

    /** make_moons: the upper half circle, or the lower one shifted to (1, -0.5); noise σ = 0.1. */
    private static double[] moon(Random r) {
        double a = Math.PI * r.nextDouble();
        boolean upper = r.nextBoolean();
        double x = upper ? Math.cos(a) : 1 - Math.cos(a);
        double y = upper ? Math.sin(a) : 0.5 - Math.sin(a);
        return new double[] {x + 0.1 * r.nextGaussian(), y + 0.1 * r.nextGaussian()};
    }

    /** make_swiss_roll's 2-D section: (t cos t, t sin t), t uniform in [1.5π, 4.5π]; noise σ = 0.5. */
    private static double[] swissRoll(Random r) {
        double t = 1.5 * Math.PI * (1 + 2 * r.nextDouble());
        return new double[] {t * Math.cos(t) + 0.5 * r.nextGaussian(), t * Math.sin(t) + 0.5 * r.nextGaussian()};
    }

    /**
     * Two interleaved arms r = θ, θ in [0.5, 3π], the second turned by π; θ has density ∝ θ so points
     * spread evenly along the arms; noise σ = 0.3 (neighbouring arms are π apart).
     */
    private static double[] spiral(Random r) {
        double lo = 0.5, hi = 3 * Math.PI;
        double th = Math.sqrt(lo * lo + (hi * hi - lo * lo) * r.nextDouble()); // density ∝ arc length ≈ θ
        double turn = r.nextBoolean() ? 0 : Math.PI;
        return new double[] {th * Math.cos(th + turn) + 0.3 * r.nextGaussian(),
                th * Math.sin(th + turn) + 0.3 * r.nextGaussian()};
    }

    /** Eight Gaussians of σ = 0.1 centred on the circle of radius 1 at multiples of 45°. */
    private static double[] eightGaussians(Random r) {
        double a = r.nextInt(8) * Math.PI / 4;
        return new double[] {Math.cos(a) + 0.1 * r.nextGaussian(), Math.sin(a) + 0.1 * r.nextGaussian()};
    }

    /** FFJORD's checkerboard: uniform on the eight dark unit squares of a 4x4 board on [-2, 2]². */
    private static double[] checkerboard(Random r) {
        double x = -2 + 4 * r.nextDouble();
        double y = r.nextDouble() - 2 * r.nextInt(2) + (((int) Math.floor(x)) & 1);
        return new double[] {x, y};
    }

    /** make_circles: radii 1 and 0.5, half the points each; radial noise σ = 0.04. */
    private static double[] circles(Random r) {
        double rad = (r.nextBoolean() ? 1 : 0.5) + 0.04 * r.nextGaussian();
        double a = 2 * Math.PI * r.nextDouble();
        return new double[] {rad * Math.cos(a), rad * Math.sin(a)};
    }

    /**
     * A face: the outline (circle of radius 1, 55% of the points), two eyes (discs of radius 0.12 at
     * (±0.35, 0.35), 10% each) and a smile (arc of radius 0.6 from 200° to 340°, 25%); noise σ = 0.03
     * on the lines.
     */
    private static double[] smiley(Random r) {
        double u = r.nextDouble();
        if (u < 0.55) {
            double a = 2 * Math.PI * r.nextDouble(), rad = 1 + 0.03 * r.nextGaussian();
            return new double[] {rad * Math.cos(a), rad * Math.sin(a)};
        }
        if (u < 0.75) {
            double cx = u < 0.65 ? -0.35 : 0.35;
            double a = 2 * Math.PI * r.nextDouble(), rad = 0.12 * Math.sqrt(r.nextDouble()); // uniform on the disc
            return new double[] {cx + rad * Math.cos(a), 0.35 + rad * Math.sin(a)};
        }
        double a = Math.toRadians(200 + 140 * r.nextDouble()), rad = 0.6 + 0.03 * r.nextGaussian();
        return new double[] {rad * Math.cos(a), rad * Math.sin(a) + 0.05};
    }

    /** Height in pixels of the glyphs that text is rendered at (sampling jitters within each pixel). */
    private static final int TEXT_PIXELS = 96;
    /** Longest word rendered. */
    public static final int MAX_TEXT_LENGTH = 24;

    /**
     * Points sampled uniformly inside the glyphs of {@code word} rendered in a bold sans-serif font
     * (AWT on an off-screen image, which works headless): each point picks an inked pixel at random
     * and a uniform position within it. Standardised.
     *
     * @throws IllegalArgumentException for an empty, too long or invisible (blank) word
     */
    public static PointSet text(String word, int n, long seed) {
        checkCount(n);
        String w = word == null ? "" : word.strip();
        if (w.isEmpty()) {
            throw new IllegalArgumentException("type a word to draw");
        }
        if (w.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("text is limited to " + MAX_TEXT_LENGTH + " characters");
        }
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, TEXT_PIXELS);
        FontRenderContext frc = new FontRenderContext(null, true, true);
        GlyphVector gv = font.createGlyphVector(frc, w);
        Rectangle2D b = gv.getVisualBounds();
        int pad = 2, width = (int) Math.ceil(b.getWidth()) + 2 * pad, height = (int) Math.ceil(b.getHeight()) + 2 * pad;
        if (b.isEmpty() || width <= 2 * pad || height <= 2 * pad) {
            throw new IllegalArgumentException("'" + w + "' has nothing to draw");
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setColor(java.awt.Color.WHITE);
            g.drawGlyphVector(gv, (float) (pad - b.getX()), (float) (pad - b.getY()));
        } finally {
            g.dispose();
        }
        byte[] px = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int[] inked = new int[px.length];
        int count = 0;
        for (int i = 0; i < px.length; i++) {
            if ((px[i] & 0xff) >= 128) {
                inked[count++] = i;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("'" + w + "' has nothing to draw");
        }
        Random r = new Random(seed);
        float[] xy = new float[2 * n];
        for (int i = 0; i < n; i++) {
            int p = inked[r.nextInt(count)];
            xy[2 * i] = (float) (p % width + r.nextDouble());
            xy[2 * i + 1] = (float) (height - (p / width + r.nextDouble())); // y up
        }
        return new PointSet(xy).standardised();
    }
}
