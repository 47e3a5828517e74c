package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile headers: tiny files whose header asks for a huge network, or contradicts itself, are
 * refused with a message naming the file and the field, before anything large is allocated.
 */
class CheckpointHeaderTest {
    /** What a refused load may allocate on its thread: the file's bytes and the parser's buffers, not a network. */
    static final long SMALL_ALLOCATION = 16L << 20;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Map<String, Object> header;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void aValidHeader() throws IOException {
        Path good = dir.resolve("good.ckpt");
        CheckpointIntegrityTest.random(CheckpointIntegrityTest.SMALL, 1).save(good);
        try (var zf = new java.util.zip.ZipFile(good.toFile())) {
            header = JSON.readValue(zf.getInputStream(zf.getEntry("header.json")), LinkedHashMap.class);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> unet() {
        return (Map<String, Object>) header.get("unet");
    }

    /** A few-hundred-byte file: the edited header and weight arrays of {@code floats} values. */
    @SuppressWarnings("unchecked")
    private Path hostile(String name, Consumer<Map<String, Object>> edit, int floats) throws IOException {
        Map<String, Object> h = JSON.readValue(JSON.writeValueAsBytes(header), LinkedHashMap.class);
        edit.accept(h);
        Path p = dir.resolve(name + ".ckpt");
        try (OutputStream o = Files.newOutputStream(p); ZipOutputStream zip = new ZipOutputStream(o)) {
            zip.putNextEntry(new ZipEntry("header.json"));
            zip.write(JSON.writeValueAsBytes(h));
            zip.closeEntry();
            java.util.Random r = new java.util.Random(floats);
            for (String entry : List.of("weights.f32", "ema.f32")) {
                zip.putNextEntry(new ZipEntry(entry));
                byte[] b = new byte[floats * 4];
                r.nextBytes(b);
                zip.write(b);
                zip.closeEntry();
            }
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private Path hostileUnet(String name, String field, Object value) throws IOException {
        return hostile(name, h -> ((Map<String, Object>) h.get("unet")).put(field, value), 16);
    }

    /** Loads {@code p}, expecting a refusal that names it and says {@code reason}; checks what the attempt allocated. */
    private static String refused(Path p, String reason) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(p), p.toString());
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        String msg = e.getMessage();
        assertTrue(msg.startsWith(p.toString()), "names the file: " + msg);
        assertTrue(msg.contains(reason), "says '" + reason + "': " + msg);
        assertTrue(allocated < SMALL_ALLOCATION, p.getFileName() + ": allocated " + allocated + " bytes refusing it");
        return msg;
    }

    @Test
    void theUnchangedHeaderLoads() throws IOException {
        Path p = hostile("same", h -> { }, (int) CheckpointIntegrityTest.SMALL.parameterCount());
        assertEquals(CheckpointIntegrityTest.SMALL, Checkpoint.load(p).header().unet());
    }

    @Test
    void aHugeNetworkIsRefusedBeforeItIsBuilt() throws IOException {
        refused(hostileUnet("base-million", "baseChannels", 1_000_000), "base channels 1000000 is outside 1..1024");
        unet().put("groups", 1);
        refused(hostileUnet("base-max", "baseChannels", Integer.MAX_VALUE), "base channels 2147483647 is outside");
        refused(hostileUnet("blocks-max", "numResBlocks", Integer.MAX_VALUE), "residual blocks per level 2147483647");
        refused(hostileUnet("mid-max", "midResBlocks", Integer.MAX_VALUE), "residual blocks in the bottleneck");
        refused(hostileUnet("classes-max", "numClasses", Integer.MAX_VALUE), "number of classes 2147483647");
        refused(hostileUnet("embed-max", "timeEmbedDim", Integer.MAX_VALUE - 1), "time embedding width 2147483646");
        refused(hostileUnet("size-huge", "imageSize", 1 << 20), "image size 1048576 is outside 4..1024");
        refused(hostileUnet("mult-huge", "channelMults", List.of(1, 1 << 20)), "channel multiplier 1048576");
        // 35 levels: 1 << 34 wraps to 4 in int arithmetic, which the image size 1024 divides
        unet().put("imageSize", 1024);
        refused(hostileUnet("levels", "channelMults", java.util.Collections.nCopies(35, 1)),
                "number of levels (channel multipliers) 35 is outside 1..8");
    }

    @Test
    void productsBeyondTheLimitAreRefusedWithTheCount() throws IOException {
        // each field within its bounds, the network they make together far beyond any memory
        refused(hostile("wide-deep", h -> {
            Map<String, Object> u = unetOf(h);
            u.put("imageSize", 1024);
            u.put("baseChannels", 1024);
            u.put("groups", 1);
            u.put("channelMults", List.of(16, 16, 16, 16, 16, 16, 16, 16));
            u.put("numResBlocks", 16);
            u.put("timeEmbedDim", 4096);
        }, 16), "parameters; this app loads at most 67,108,864");
    }

    @Test
    @SuppressWarnings("unchecked")
    void negativeAndNonsenseValuesAreRefused() throws IOException {
        refused(hostileUnet("base-negative", "baseChannels", -8), "base channels (-8) must be a positive multiple");
        refused(hostileUnet("blocks-negative", "numResBlocks", -1), "residual block");
        refused(hostileUnet("attention-odd", "attentionResolutions", List.of(3)), "attention resolution 3 is not the side");
        refused(hostile("step", h -> h.put("step", -1), 16), "negative training step -1");
        refused(hostile("timesteps-max", h -> h.put("timesteps", Integer.MAX_VALUE), 16),
                "timesteps T 2147483647 is outside 1..100000");
        refused(hostile("timesteps-zero", h -> h.put("timesteps", 0), 16), "timesteps T 0 is outside");
        refused(hostile("schedule", h -> h.put("schedule", "quadratic"), 16), "unknown schedule 'quadratic'");
        refused(hostile("no-schedule", h -> h.remove("schedule"), 16), "names no noise schedule");
        refused(hostile("loss-nan", h -> h.put("lossEma", "NaN"), 16), "training loss NaN is not a loss at step 42");
        refused(hostile("loss-inf", h -> h.put("lossEma", "Infinity"), 16), "training loss Infinity");
        refused(hostile("loss-negative", h -> h.put("lossEma", -1.0), 16), "training loss -1.0");
        refused(hostile("content", h -> h.put("contentSize", 0), 16), "content size 0 is outside 1..8");
        refused(hostile("dataset", h -> h.remove("dataset"), 16), "dataset name is missing");
        refused(hostile("train", h -> ((Map<String, Object>) h.get("train")).put("batchSize", -3), 16),
                "batch size must be in 1..4096, got -3");
        refused(hostile("not-a-number", h -> h.put("timesteps", "many"), 16), "the model header is damaged");
    }

    @Test
    void classNamesMustMatchTheClassCount() throws IOException {
        refused(hostile("names", h -> h.put("classNames", List.of("circle", "square", "third")), 16),
                "the network has 2 classes but the header names 3");
        refused(hostile("no-names", h -> h.put("classNames", List.of()), 16), "has 2 classes but the header names 0");
        List<String> many = new ArrayList<>(java.util.Collections.nCopies(20_000, "c"));
        refused(hostile("many-names", h -> {
            h.put("classNames", many);
            unetOf(h).put("numClasses", 0);
        }, 16), "lists 20000 class names");
    }

    @Test
    void arraysOfTheWrongSizeAreRefusedWithBothSizes() throws IOException {
        long n = CheckpointIntegrityTest.SMALL.parameterCount();
        String msg = refused(hostile("short", h -> { }, 16), String.format(
                "holds 64 bytes, but the network in its header has %d parameters (%d bytes)", n, 4 * n));
        assertTrue(msg.contains("weights.f32"), msg);
    }

    @Test
    @SuppressWarnings("unchecked")
    void weightsThatPackLikeZerosAreRefusedBeforeTheyAreUnpacked() throws IOException {
        // a valid header for a 10-million-parameter network, and 40 MB of zeros packed into ~40 kB each
        Map<String, Object> h = JSON.readValue(JSON.writeValueAsBytes(header), LinkedHashMap.class);
        unetOf(h).put("baseChannels", 128);
        unetOf(h).put("groups", 8);
        unetOf(h).put("imageSize", 32);
        unetOf(h).put("channelMults", List.of(1, 2, 2));
        unetOf(h).put("timeEmbedDim", 512);
        unetOf(h).put("midAttention", true);
        h.put("contentSize", 28);
        long params = JSON.convertValue(unetOf(h), org.ddpmexplorer.nn.UNetConfig.class).parameterCount();
        Path p = dir.resolve("bomb.ckpt");
        try (OutputStream o = Files.newOutputStream(p); ZipOutputStream zip = new ZipOutputStream(o)) {
            zip.putNextEntry(new ZipEntry("header.json"));
            zip.write(JSON.writeValueAsBytes(h));
            zip.closeEntry();
            byte[] zeros = new byte[1 << 20];
            for (String entry : List.of("weights.f32", "ema.f32")) {
                zip.putNextEntry(new ZipEntry(entry));
                for (long left = params * 4; left > 0; left -= zeros.length) {
                    zip.write(zeros, 0, (int) Math.min(zeros.length, left));
                }
                zip.closeEntry();
            }
        }
        assertTrue(Files.size(p) < 200_000, "a small file: " + Files.size(p));
        refused(p, "not trained weights");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> unetOf(Map<String, Object> h) {
        return (Map<String, Object>) h.get("unet");
    }
}
