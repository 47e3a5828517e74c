package org.ddpmexplorer.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.GaussianDiffusion;
import org.ddpmexplorer.io.AtomicFiles;
import org.ddpmexplorer.nn.UNet;
import org.ddpmexplorer.nn.UNetConfig;

/**
 * A model file: a zip holding {@code header.json} (format version, network and diffusion
 * configuration, training step, dataset) and the weights as little-endian float32 arrays in the
 * network's flat parameter order: {@code weights.f32}, {@code ema.f32} and, for a file that
 * training can resume from, {@code adam_m.f32} and {@code adam_v.f32}.
 */
public record Checkpoint(Header header, float[] params, float[] ema, float[] adamM, float[] adamV) {
    /** Bumped whenever the layout changes; files from a newer version are refused. */
    public static final int FORMAT_VERSION = 1;
    /** Identifies our files among other zips. */
    public static final String MAGIC = "ddpm-explorer-checkpoint";
    /** Refuse headers and arrays beyond these sizes instead of running out of memory on a foreign file. */
    static final int MAX_HEADER_BYTES = 1 << 20, MAX_PARAMS = 200_000_000;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * @param formatVersion {@link #FORMAT_VERSION} at writing
     * @param unet          the network's shape
     * @param schedule      β schedule id (linear, cosine, sigmoid)
     * @param timesteps     T
     * @param step          optimiser steps done
     * @param dataset       name of the training data
     * @param contentSize   side of the original images (28 for Fashion-MNIST inside 32x32)
     * @param classNames    class names of a conditional model (empty otherwise)
     * @param train         the hyper-parameters of the run
     * @param lossEma       the smoothed training loss at this step
     */
    public record Header(int formatVersion, UNetConfig unet, String schedule, int timesteps, long step, String dataset,
                         int contentSize, List<String> classNames, TrainConfig train, double lossEma) {
        public String magic() {
            return MAGIC;
        }
    }

    public GaussianDiffusion diffusion() {
        return new GaussianDiffusion(BetaSchedule.parse(header.schedule()), header.timesteps());
    }

    /** Whether training can continue from this file (it holds the optimiser state). */
    public boolean resumable() {
        return adamM != null && adamV != null;
    }

    /** A network with the EMA weights (the ones to sample from). */
    public UNet emaNetwork() {
        UNet net = new UNet(header.unet(), 0);
        net.params().copyFrom(ema);
        return net;
    }

    /** The same checkpoint without the optimiser state (for shipping the weights only). */
    public Checkpoint withoutOptimizer() {
        return new Checkpoint(header, params, ema, null, null);
    }

    /** Writes the file atomically. */
    public void save(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(new ZipEntry("header.json"));
            Map<String, Object> json = new HashMap<>(JSON.convertValue(header, Map.class));
            json.put("magic", MAGIC);
            zip.write(JSON.writeValueAsBytes(json));
            zip.closeEntry();
            put(zip, "weights.f32", params);
            put(zip, "ema.f32", ema);
            if (adamM != null) {
                put(zip, "adam_m.f32", adamM);
                put(zip, "adam_v.f32", adamV);
            }
            zip.finish();
        });
    }

    private static void put(ZipOutputStream zip, String name, float[] a) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        ByteBuffer bb = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(a);
        zip.write(bb.array());
        zip.closeEntry();
    }

    /**
     * Reads and validates a file.
     *
     * @throws IOException with a message fit for the user when the file is missing, truncated,
     *                     not a checkpoint, from a newer version, or inconsistent
     */
    public static Checkpoint load(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder, not a model file");
        }
        // ZipFile reads the central directory at the end, so a truncated file is refused
        try (java.util.zip.ZipFile zf = new java.util.zip.ZipFile(file.toFile())) {
            Map<String, byte[]> entries = new HashMap<>();
            var it = zf.entries();
            while (it.hasMoreElements()) {
                ZipEntry e = it.nextElement();
                long limit = e.getName().equals("header.json") ? MAX_HEADER_BYTES : 4L * MAX_PARAMS;
                try (InputStream in = zf.getInputStream(e)) {
                    entries.put(e.getName(), readAll(in, limit, file.toString()));
                }
            }
            return fromEntries(entries, file.toString());
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException(file + " is not a DDPM Explorer model file (damaged or truncated: " + e.getMessage() + ")", e);
        }
    }

    /** Reads and validates a model from a stream; {@code file} names it in messages. */
    public static Checkpoint load(InputStream stream, String file) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.BufferedInputStream(stream, 1 << 16))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                long limit = e.getName().equals("header.json") ? MAX_HEADER_BYTES : 4L * MAX_PARAMS;
                entries.put(e.getName(), readAll(zip, limit, file));
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException(file + " is not a DDPM Explorer model file (damaged or truncated: " + e.getMessage() + ")", e);
        }
        return fromEntries(entries, file);
    }

    private static Checkpoint fromEntries(Map<String, byte[]> entries, String file) throws IOException {
        byte[] headerBytes = entries.get("header.json");
        if (headerBytes == null) {
            throw new IOException(file + " is not a DDPM Explorer model file");
        }
        Map<?, ?> raw;
        Header h;
        try {
            raw = JSON.readValue(headerBytes, Map.class);
            if (!MAGIC.equals(raw.get("magic"))) {
                throw new IOException(file + " is not a DDPM Explorer model file");
            }
            Object v = raw.get("formatVersion");
            if (!(v instanceof Number n) || n.intValue() < 1) {
                throw new IOException(file + ": missing format version");
            }
            if (n.intValue() > FORMAT_VERSION) {
                throw new IOException(file + " was written by a newer DDPM Explorer (format " + n
                        + "; this version reads up to " + FORMAT_VERSION + ")");
            }
            h = JSON.readValue(headerBytes, Header.class);
            if (h.train() != null && raw.get("train") instanceof Map<?, ?> t && !t.containsKey("flip")) {
                // written before flips were optional, when every run flipped
                h = new Header(h.formatVersion(), h.unet(), h.schedule(), h.timesteps(), h.step(), h.dataset(),
                        h.contentSize(), h.classNames(), h.train().withFlip(true), h.lossEma());
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": the model header is damaged (" + e.getOriginalMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": invalid model configuration (" + e.getMessage() + ")", e);
        }
        if (h.unet() == null || h.schedule() == null) {
            throw new IOException(file + ": the model header is incomplete");
        }
        try {
            BetaSchedule.parse(h.schedule());
            new GaussianDiffusion(BetaSchedule.parse(h.schedule()), h.timesteps());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        long expected = countParams(h.unet());
        float[] params = floats(entries, "weights.f32", expected, file, true);
        float[] ema = floats(entries, "ema.f32", expected, file, true);
        float[] m = floats(entries, "adam_m.f32", expected, file, false);
        float[] v = floats(entries, "adam_v.f32", expected, file, false);
        return new Checkpoint(h, params, ema, m, v);
    }

    private static long countParams(UNetConfig cfg) {
        return new UNet(cfg, 0).numParams();
    }

    private static float[] floats(Map<String, byte[]> entries, String name, long expected, String file, boolean required)
            throws IOException {
        byte[] b = entries.get(name);
        if (b == null) {
            if (required) {
                throw new IOException(file + ": " + name + " is missing");
            }
            return null;
        }
        if (b.length != expected * 4) {
            // in bytes when the length is no whole number of float32 values (its quarter would round down
            // to the right count: "642657 values but the network has 642657")
            throw new IOException(file + ": " + name + (b.length % 4 == 0 ? " holds " + b.length / 4 + " values"
                    : " holds " + b.length + " bytes, not a whole number of 4-byte values,") + " but the network has "
                    + expected + " parameters (" + expected * 4 + " bytes; damaged file?)");
        }
        float[] a = new float[(int) expected];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a);
        return a;
    }

    private static byte[] readAll(InputStream in, long limit, String file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int r;
        while ((r = in.read(buf)) > 0) {
            total += r;
            if (total > limit) {
                throw new IOException(file + ": an entry is larger than any model file's");
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }
}
