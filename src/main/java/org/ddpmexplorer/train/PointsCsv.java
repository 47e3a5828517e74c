package org.ddpmexplorer.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.ddpmexplorer.io.AtomicFiles;

/**
 * 2-D points as CSV: an optional header line {@code x,y}, then one point per line, two numbers
 * separated by a comma (a semicolon, tab or spaces also work). Blank lines and lines starting with
 * '#' are skipped. Files with more than {@link #MAX_POINTS} points are subsampled uniformly at
 * random (reservoir sampling, so memory stays bounded) and say so in {@link Loaded#notice()}.
 * Every other problem is a {@link PointsCsvException} with one line naming the file and the reason.
 */
public final class PointsCsv {
    /** Most points kept from a file; more are subsampled. */
    public static final int MAX_POINTS = 50_000;
    /** Largest coordinate accepted: beyond it a file is more likely a mistake (wrong column, units) than a shape. */
    public static final double MAX_ABS = 1e6;
    /** Largest file read (10^6 points of typical CSV are about 30 MB). */
    public static final long MAX_BYTES = 256L << 20;

    private PointsCsv() {
    }

    /**
     * The points of a file and what was done to them.
     *
     * @param points the points as in the file (not standardised: call {@link PointSet#standardised()})
     * @param notice null, or one line saying that the file was subsampled
     */
    public record Loaded(PointSet points, String notice) {
    }

    /** Reads a CSV with header x,y (or no header); subsamples above MAX_POINTS with a notice, drawn with {@code seed}. */
    public static Loaded read(Path file, long seed) throws PointsCsvException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            if (Files.isDirectory(file)) {
                throw new PointsCsvException(name + ": is a folder, not a points file");
            }
            long bytes = Files.size(file);
            if (bytes == 0) {
                throw new PointsCsvException(name + ": the file is empty");
            }
            if (bytes > MAX_BYTES) {
                throw new PointsCsvException(String.format(Locale.ROOT, "%s: the file is %.0f MB; points files up to %d MB are read",
                        name, bytes / 1048576.0, MAX_BYTES >> 20));
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(name, in, seed);
            }
        } catch (NoSuchFileException e) {
            throw new PointsCsvException(name + ": no such file", e);
        } catch (CharacterCodingException e) {
            throw new PointsCsvException(name + ": not a text file (binary data)", e);
        } catch (IOException e) {
            throw new PointsCsvException(name + ": cannot read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    private static Loaded parse(String name, InputStream in, long seed) throws IOException, PointsCsvException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
        float[] keep = new float[2 * 1024];
        long seen = 0;
        Random rng = new Random(seed);
        boolean first = true;
        String line;
        int lineNo = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.indexOf('\0') >= 0) {
                throw new PointsCsvException(name + ": not a text file (binary data)");
            }
            String s = line.strip();
            if (first && !s.isEmpty() && s.charAt(0) == '\uFEFF') {
                s = s.substring(1).strip(); // a byte-order mark
            }
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String[] f = fields(s);
            boolean header = first && isHeader(f);
            first = false;
            if (header) {
                continue;
            }
            if (f.length != 2) {
                if (seen == 0 && f.length == 1 && !isNumber(f[0])) {
                    throw new PointsCsvException(name + ": line " + lineNo + " has one column ('" + clip(s)
                            + "'); expected the header x,y or two numbers per line");
                }
                if (seen == 0 && !java.util.Arrays.stream(f).allMatch(PointsCsv::isNumber)) {
                    throw new PointsCsvException(name + ": line " + lineNo + " is neither the header x,y nor two numbers: '"
                            + clip(s) + "'");
                }
                throw new PointsCsvException(name + ": line " + lineNo + " has " + (f.length == 1 ? "one column" : f.length + " columns")
                        + "; expected two (x,y)");
            }
            float x = number(name, lineNo, f[0], s, seen), y = number(name, lineNo, f[1], s, seen);
            // reservoir sampling (Vitter's algorithm R): after k points each is kept with probability MAX/k
            if (seen < MAX_POINTS) {
                if (2 * seen + 2 > keep.length) {
                    keep = java.util.Arrays.copyOf(keep, Math.min(2 * MAX_POINTS, keep.length * 2));
                }
                keep[(int) (2 * seen)] = x;
                keep[(int) (2 * seen + 1)] = y;
            } else {
                long j = (long) (rng.nextDouble() * (seen + 1));
                if (j < MAX_POINTS) {
                    keep[(int) (2 * j)] = x;
                    keep[(int) (2 * j + 1)] = y;
                }
            }
            seen++;
        }
        if (seen == 0) {
            throw new PointsCsvException(name + (first ? ": the file has no points (only blank or comment lines)"
                    : ": the file has a header but no points"));
        }
        int kept = (int) Math.min(seen, MAX_POINTS);
        String notice = seen > MAX_POINTS ? String.format(Locale.ROOT, "%s: %,d points; using a random %,d of them",
                name, seen, MAX_POINTS) : null;
        return new Loaded(new PointSet(java.util.Arrays.copyOf(keep, 2 * kept)), notice);
    }

    /** The fields of a stripped line: separated by one comma, semicolon or tab with optional spaces, or by spaces. */
    static String[] fields(String s) {
        java.util.List<String> out = new java.util.ArrayList<>(2);
        int i = 0, len = s.length();
        while (true) {
            int start = i;
            while (i < len && !isSeparator(s.charAt(i)) && s.charAt(i) != ' ') {
                i++;
            }
            out.add(s.substring(start, i));
            if (i >= len) {
                return out.toArray(new String[0]);
            }
            while (i < len && s.charAt(i) == ' ') {
                i++;
            }
            if (i < len && isSeparator(s.charAt(i))) {
                i++;
                while (i < len && s.charAt(i) == ' ') {
                    i++;
                }
            }
        }
    }

    private static boolean isSeparator(char c) {
        return c == ',' || c == ';' || c == '\t';
    }

    private static boolean isHeader(String[] f) {
        return f.length == 2 && unquote(f[0]).equalsIgnoreCase("x") && unquote(f[1]).equalsIgnoreCase("y");
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1).strip() : s;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static float number(String name, int lineNo, String field, String line, long seen) throws PointsCsvException {
        double v;
        try {
            v = Double.parseDouble(unquote(field));
        } catch (NumberFormatException e) {
            if (seen == 0 && lineNo <= 2) {
                throw new PointsCsvException(name + ": line " + lineNo + " is neither the header x,y nor two numbers: '"
                        + clip(line) + "'");
            }
            throw new PointsCsvException(name + ": line " + lineNo + ": '" + clip(field) + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new PointsCsvException(name + ": line " + lineNo + ": coordinate " + clip(field) + " is not a finite number");
        }
        if (Math.abs(v) > MAX_ABS) {
            throw new PointsCsvException(name + ": line " + lineNo + ": coordinate " + clip(field)
                    + " is too large (the limit is ±1e6)");
        }
        return (float) v;
    }

    private static String clip(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 40 ? t.substring(0, 40) + "…" : t;
    }

    /** Writes header x,y then one row per point (shortest decimal form that reads back exactly), atomically. */
    public static void write(Path file, PointSet points) throws IOException {
        float[] xy = points.xy();
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder(64);
            w.write("x,y\n");
            for (int i = 0; i < xy.length; i += 2) {
                sb.setLength(0);
                sb.append(xy[i]).append(',').append(xy[i + 1]).append('\n');
                w.write(sb.toString());
            }
            w.flush();
        });
    }
}
