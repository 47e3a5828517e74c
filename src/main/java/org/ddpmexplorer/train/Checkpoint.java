package org.ddpmexplorer.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
    /** Refuse a header beyond this size instead of running out of memory on a foreign file. */
    static final int MAX_HEADER_BYTES = 1 << 20;

    /** The entries of a file, in the order {@link #save} writes them. */
    static final String HEADER_ENTRY = "header.json", WEIGHTS = "weights.f32", EMA = "ema.f32", ADAM_M = "adam_m.f32",
            ADAM_V = "adam_v.f32";

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
        return UNet.withWeights(header.unet(), ema);
    }

    /** The same checkpoint without the optimiser state (for shipping the weights only). */
    public Checkpoint withoutOptimizer() {
        return new Checkpoint(header, params, ema, null, null);
    }

    /** Writes the file atomically. */
    public void save(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(new ZipEntry(HEADER_ENTRY));
            Map<String, Object> json = new HashMap<>(JSON.convertValue(header, Map.class));
            json.put("magic", MAGIC);
            zip.write(JSON.writeValueAsBytes(json));
            zip.closeEntry();
            put(zip, WEIGHTS, params);
            put(zip, EMA, ema);
            if (adamM != null) {
                put(zip, ADAM_M, adamM);
                put(zip, ADAM_V, adamV);
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
     * Reads and validates a file: every entry is checked against its zip CRC-32 (a flipped bit
     * anywhere in the data refuses the file), and the header is checked
     * ({@link CheckpointHeaderCheck}) and the size of each array compared with the network it
     * describes before any array is allocated.
     *
     * @throws IOException with a message fit for the user, naming the file, when it is missing,
     *                     truncated, damaged, not a checkpoint, from a newer version, or inconsistent
     */
    public static Checkpoint load(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder, not a model file");
        }
        // ZipFile reads the central directory at the end, so a truncated file is refused
        java.util.zip.ZipFile zf;
        try {
            zf = new java.util.zip.ZipFile(file.toFile());
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException(file + " is not a DDPM Explorer model file (damaged or truncated: " + e.getMessage() + ")", e);
        }
        try (zf) {
            var it = zf.entries();
            return CheckpointReader.read(new CheckpointReader.Entries() {
                @Override
                public ZipEntry next() {
                    return it.hasMoreElements() ? it.nextElement() : null;
                }

                @Override
                public InputStream open(ZipEntry e) throws IOException {
                    return zf.getInputStream(e);
                }
            }, file.toString());
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException(file + " is damaged (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads and validates a model from a stream, with the same checks as {@link #load(Path)};
     * {@code file} names it in messages.
     */
    public static Checkpoint load(InputStream stream, String file) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new java.io.BufferedInputStream(stream, 1 << 16))) {
            return CheckpointReader.read(new CheckpointReader.Entries() {
                @Override
                public ZipEntry next() throws IOException {
                    try {
                        return zip.getNextEntry();
                    } catch (IllegalArgumentException e) { // a name that is not valid UTF-8
                        throw new ZipException("unreadable entry name");
                    }
                }

                @Override
                public InputStream open(ZipEntry e) {
                    return zip;
                }
            }, file);
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException(file + " is not a DDPM Explorer model file (damaged or truncated: " + e.getMessage() + ")", e);
        }
    }

    /** Parses and checks a header; returns it with the number of parameters each array must hold. */
    static Header parseHeader(byte[] headerBytes, String file) throws IOException {
        Header h;
        try {
            Map<?, ?> raw = JSON.readValue(headerBytes, Map.class);
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
                // a header without "flip" comes from a run that flipped every image
                h = new Header(h.formatVersion(), h.unet(), h.schedule(), h.timesteps(), h.step(), h.dataset(),
                        h.contentSize(), h.classNames(), h.train().withFlip(true), h.lossEma());
            }
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            // a record's constructor refused a value (UNetConfig, TrainConfig): its message says which
            String why = e.getCause() instanceof IllegalArgumentException i ? i.getMessage() : e.getOriginalMessage();
            throw new IOException(file + ": invalid model header: " + why, e);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": the model header is damaged (" + e.getOriginalMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": invalid model configuration (" + e.getMessage() + ")", e);
        }
        return h;
    }
}
