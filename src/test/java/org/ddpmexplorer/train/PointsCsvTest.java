package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Points files: the round trip, and one clear line for every kind of bad file. */
class PointsCsvTest {
    @TempDir
    Path dir;

    @Test
    void roundTripIsExact() throws Exception {
        PointSet p = PointPreset.SPIRAL.sample(1000, 4);
        Path f = dir.resolve("spiral.csv");
        PointsCsv.write(f, p);
        assertTrue(Files.readString(f).startsWith("x,y\n"));
        PointsCsv.Loaded l = PointsCsv.read(f, 0);
        assertEquals(p, l.points());
        assertNull(l.notice());
        assertEquals(1, Files.list(dir).count(), "no temporary file left");
    }

    @Test
    void acceptsVariants() throws Exception {
        // no header, spaces, a semicolon, a blank and a comment line, a byte-order mark, quoted header, CRLF
        assertEquals(new PointSet(new float[] {1, 2, 3.5f, -4, 5e-3f, 6}),
                read("\uFEFF\"x\",\"y\"\r\n1, 2\r\n\r\n# comment\r\n3.5;-4\r\n5e-3 6\r\n").points());
        assertEquals(new PointSet(new float[] {1, 2}), read("1,2").points());
    }

    private PointsCsv.Loaded read(String content) throws Exception {
        Path f = dir.resolve("p.csv");
        Files.writeString(f, content);
        return PointsCsv.read(f, 1);
    }

    private void assertBad(String fileName, byte[] content, String... parts) throws IOException {
        Path f = dir.resolve(fileName);
        Files.write(f, content);
        PointsCsvException e = assertThrows(PointsCsvException.class, () -> PointsCsv.read(f, 1));
        String m = e.getMessage();
        assertEquals(1, m.lines().count(), "one line: " + m);
        assertTrue(m.startsWith(fileName + ": "), m);
        for (String p : parts) {
            assertTrue(m.contains(p), "'" + p + "' in: " + m);
        }
    }

    private void assertBad(String fileName, String content, String... parts) throws IOException {
        assertBad(fileName, content.getBytes(StandardCharsets.UTF_8), parts);
    }

    @Test
    void badFilesGetOneClearLine() throws IOException {
        assertBad("notes.csv", "Dear diary,\nToday I drew a moon.\n", "line 1", "neither the header x,y nor two numbers");
        assertBad("words.csv", "hello\nworld\n", "line 1", "one column", "'hello'");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, (byte) 0xff, (byte) 0xfe};
        assertBad("image.csv", png, "not a text file");
        assertBad("column.csv", "x\n1\n2\n3\n", "one column");
        assertBad("column2.csv", "1\n2\n3\n", "line 1", "one column");
        assertBad("three.csv", "x,y\n1,2\n1,2,3\n", "line 3", "3 columns");
        assertBad("nan.csv", "x,y\n1,2\nNaN,3\n", "line 3", "NaN", "not a finite number");
        assertBad("inf.csv", "x,y\n1,Infinity\n", "line 2", "not a finite number");
        assertBad("word.csv", "x,y\n1,2\n3,abc\n", "line 3", "'abc' is not a number");
        assertBad("empty.csv", new byte[0], "empty");
        assertBad("header.csv", "x,y\n", "header but no points");
        assertBad("blank.csv", "\n\n  \n", "no points");
        assertBad("huge.csv", "x,y\n1,2\n3e7,1\n", "line 3", "3e7", "too large");
        PointsCsvException e = assertThrows(PointsCsvException.class, () -> PointsCsv.read(dir.resolve("none.csv"), 1));
        assertEquals("none.csv: no such file", e.getMessage());
        e = assertThrows(PointsCsvException.class, () -> PointsCsv.read(dir, 1));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    }

    @Test
    void millionPointsAreSubsampledWithANotice() throws Exception {
        Path f = dir.resolve("big.csv");
        StringBuilder sb = new StringBuilder("x,y\n");
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            sb.append(i).append(',').append(i % 7).append('\n');
        }
        Files.writeString(f, sb);
        PointsCsv.Loaded l = PointsCsv.read(f, 3);
        assertEquals(PointsCsv.MAX_POINTS, l.points().size());
        assertTrue(l.notice() != null && l.notice().contains("1,000,000") && l.notice().contains("50,000"), l.notice());
        // uniform over the file: the kept indices (the x values) average about n/2, and none repeats
        double mean = 0;
        java.util.Set<Float> xs = new java.util.HashSet<>();
        for (int i = 0; i < l.points().size(); i++) {
            mean += l.points().x(i);
            xs.add(l.points().x(i));
            assertEquals(l.points().x(i) % 7, l.points().y(i), 0f, "rows stay whole");
        }
        mean /= l.points().size();
        assertEquals(n / 2.0, mean, n * 0.01);
        assertEquals(PointsCsv.MAX_POINTS, xs.size());
        assertEquals(l.points(), PointsCsv.read(f, 3).points(), "the same seed keeps the same points");
    }

    @Test
    void failedWriteLeavesTheOldFile() throws Exception {
        Path f = dir.resolve("keep.csv");
        Files.writeString(f, "x,y\n1,2\n");
        assertThrows(IOException.class, () -> PointsCsv.write(dir.resolve("missing/dir/p.csv"), new PointSet(new float[] {1, 2})));
        assertEquals("x,y\n1,2\n", Files.readString(f));
    }
}
