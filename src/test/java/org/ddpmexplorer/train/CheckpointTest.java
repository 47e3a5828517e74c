package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;
    Path good;

    @BeforeEach
    void save() throws IOException {
        Trainer tr = new Trainer(TrainerTest.TINY, TrainerTest.DIFF, TinyData.squares(8, 16),
                TrainConfig.defaults(10).withBatch(2));
        tr.trainStep();
        good = dir.resolve("good.ckpt");
        tr.checkpoint().save(good);
    }

    private static String refused(Path p) {
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(p));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        return e.getMessage();
    }

    @Test
    void truncatedFileIsRefused() throws IOException {
        byte[] all = Files.readAllBytes(good);
        for (int cut : new int[] {10, all.length / 3, all.length - 100}) {
            Path t = dir.resolve("cut" + cut + ".ckpt");
            Files.write(t, java.util.Arrays.copyOf(all, cut));
            String msg = refused(t);
            assertTrue(msg.contains(t.toString()), msg);
        }
    }

    @Test
    void emptyAndNonZipFilesAreRefused() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.ckpt"));
        assertTrue(refused(empty).contains("not a DDPM Explorer model"));
        Path text = Files.writeString(dir.resolve("text.ckpt"), "hello, this is not a model");
        assertTrue(refused(text).contains("not a DDPM Explorer model"));
    }

    @Test
    void foreignZipIsRefused() throws IOException {
        Path z = dir.resolve("foreign.zip");
        try (OutputStream o = Files.newOutputStream(z); ZipOutputStream zip = new ZipOutputStream(o)) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("other".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("header.json"));
            zip.write("{\"name\": \"something else\"}".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertTrue(refused(z).contains("not a DDPM Explorer model"));
    }

    @Test
    void newerFormatIsRefusedWithTheVersions() throws IOException {
        Path newer = rewriteHeader(good, dir.resolve("newer.ckpt"), "\"formatVersion\" : 1", "\"formatVersion\" : 99");
        String msg = refused(newer);
        assertTrue(msg.contains("newer") && msg.contains("99"), msg);
    }

    @Test
    void weightsOfTheWrongSizeAreRefused() throws IOException {
        Path wrong = rewriteHeader(good, dir.resolve("wrong.ckpt"), "\"baseChannels\" : 16", "\"baseChannels\" : 32");
        assertTrue(refused(wrong).contains("parameters"));
    }

    @Test
    void theFlipSettingIsKeptAndOldFilesReadAsFlipped() throws IOException {
        Trainer tr = new Trainer(TrainerTest.TINY, TrainerTest.DIFF, TinyData.squares(8, 16),
                TrainConfig.defaults(10).withBatch(2).withFlip(false));
        Path noFlip = dir.resolve("noflip.ckpt");
        tr.checkpoint().save(noFlip);
        assertFalse(Checkpoint.load(noFlip).header().train().flip());
        assertTrue(Checkpoint.load(good).header().train().flip());
        // files written before the setting existed: every run then flipped
        Path old = rewriteHeader(noFlip, dir.resolve("old.ckpt"), ",\n    \"flip\" : false", "");
        assertTrue(Checkpoint.load(old).header().train().flip());
    }

    @Test
    void missingFileIsReportedAsMissing() {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Checkpoint.load(dir.resolve("nope.ckpt")));
    }

    @Test
    void aFailedSaveLeavesThePreviousFileIntact() throws IOException {
        byte[] before = Files.readAllBytes(good);
        Checkpoint ck = Checkpoint.load(good);
        Checkpoint broken = new Checkpoint(ck.header(), null, ck.ema(), null, null);
        assertThrows(RuntimeException.class, () -> broken.save(good));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(good)));
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    private static Path rewriteHeader(Path src, Path dst, String from, String to) throws IOException {
        try (var zin = new java.util.zip.ZipInputStream(Files.newInputStream(src));
             var zout = new ZipOutputStream(Files.newOutputStream(dst))) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                byte[] b = zin.readAllBytes();
                if (e.getName().equals("header.json")) {
                    String s = new String(b, StandardCharsets.UTF_8);
                    assertTrue(s.contains(from), s);
                    b = s.replace(from, to).getBytes(StandardCharsets.UTF_8);
                }
                zout.putNextEntry(new ZipEntry(e.getName()));
                zout.write(b);
                zout.closeEntry();
            }
        }
        return dst;
    }
}
