package org.ddpmexplorer.nn;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.ddpmexplorer.io.AtomicFiles;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small CNN that classifies 28x28 grayscale Fashion-MNIST images; the quality measurements
 * (Inception Score, FID-FMNIST) are computed from its softmax outputs and its penultimate-layer
 * features. It is a SameDiff graph (ND4J's automatic differentiation), run in float with NCHW
 * convolutions:
 * <pre>
 * x [N,1,28,28] in [-1,1]
 *  → conv3x3 32 (valid) → ReLU → maxpool 2x2   [N,32,13,13]
 *  → conv3x3 64 (valid) → ReLU → maxpool 2x2   [N,64,5,5]
 *  → flatten [N,1600] → dense 128 → ReLU        [N,128]   = the features
 *  → dense 10 = logits; softmax = p(y|x)       [N,10]
 * </pre>
 * The parameters live in a file of ours (like {@code Checkpoint}): a zip with {@code header.json}
 * and the parameters as little-endian float32 arrays in {@link #PARAM_NAMES} order.
 */
public final class FashionClassifier {
    /** Side of the input images and number of classes (Fashion-MNIST). */
    public static final int SIDE = 28, CLASSES = 10;
    /** Width of the penultimate layer: the features FID-FMNIST is computed on. */
    public static final int FEATURES = 128;
    /** Channels of the two convolutions. */
    static final int C1 = 32, C2 = 64;
    /** Spatial side after conv(valid) → pool → conv(valid) → pool: 28 → 26 → 13 → 11 → 5. */
    static final int FINAL_SIDE = 5;
    static final int FLAT = C2 * FINAL_SIDE * FINAL_SIDE; // 1600
    /** Identifies the architecture in the file; a file of another architecture is refused. */
    public static final String ARCHITECTURE = "conv32-pool-conv64-pool-dense128-dense10";
    public static final String MAGIC = "ddpm-explorer-fmnist-classifier";
    public static final int FORMAT_VERSION = 1;
    /** Where the shipped classifier lives on the class path (copied from {@code pretrained/}). */
    public static final String PRETRAINED_RESOURCE = "/pretrained/fmnist-classifier.zip";
    /** Parameter names, in file order, and their shapes (convolution weights [kH,kW,in,out]). */
    public static final List<String> PARAM_NAMES = List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
            "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
    static final long[][] PARAM_SHAPES = {{3, 3, 1, C1}, {C1}, {3, 3, C1, C2}, {C2}, {FLAT, FEATURES}, {FEATURES},
            {FEATURES, CLASSES}, {CLASSES}};
    /** Refuse a header larger than this instead of running out of memory on a foreign file. */
    static final int MAX_HEADER_BYTES = 1 << 20;
    /** Images per forward pass in {@link #predict}: bounds the memory of conv1's [N,32,26,26] output (~43 MB). */
    static final int PREDICT_BATCH = 500;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * What the file says about the network and how it was trained.
     *
     * @param epochs       passes over the training set
     * @param testAccuracy top-1 accuracy on the 10,000 Fashion-MNIST test images
     * @param trainSeconds wall time of the training run
     * @param trainImages  images in the training set
     */
    public record Header(String magic, int formatVersion, String architecture, int epochs, double testAccuracy,
                         double trainSeconds, int trainImages) {
        public Header {
            if (!MAGIC.equals(magic)) {
                throw new IllegalArgumentException("not a DDPM Explorer classifier file");
            }
            if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
                throw new IllegalArgumentException("classifier file format " + formatVersion + " is not supported (this app reads "
                        + FORMAT_VERSION + ")");
            }
            if (!ARCHITECTURE.equals(architecture)) {
                throw new IllegalArgumentException("unknown classifier architecture " + architecture);
            }
        }

        public static Header untrained() {
            return new Header(MAGIC, FORMAT_VERSION, ARCHITECTURE, 0, Double.NaN, 0, 0);
        }

        public Header trained(int epochs, double testAccuracy, double trainSeconds, int trainImages) {
            return new Header(magic, formatVersion, architecture, epochs, testAccuracy, trainSeconds, trainImages);
        }
    }

    /**
     * The classifier's outputs for N images.
     *
     * @param probs    p(y|x), [N][10]
     * @param features the penultimate layer (after ReLU), [N][128]
     */
    public record Output(double[][] probs, double[][] features) {
        public int size() {
            return probs.length;
        }

        /** argmax_y p(y|x) of image i. */
        public int predicted(int i) {
            int best = 0;
            for (int c = 1; c < probs[i].length; c++) {
                if (probs[i][c] > probs[i][best]) {
                    best = c;
                }
            }
            return best;
        }
    }

    private final SameDiff sd;
    private Header header;

    private FashionClassifier(Map<String, INDArray> params, Header header) {
        this.header = header;
        this.sd = build(params);
    }

    /** A fresh network: He-normal weights (std √(2/fan_in)) from a seeded generator, zero biases. */
    public static FashionClassifier create(long seed) {
        Random rng = new Random(seed);
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (int i = 0; i < PARAM_NAMES.size(); i++) {
            long[] shape = PARAM_SHAPES[i];
            float[] v = new float[(int) size(shape)];
            if (shape.length > 1) {
                long fanIn = size(shape) / shape[shape.length - 1];
                double std = Math.sqrt(2.0 / fanIn); // He et al. 2015, for ReLU
                for (int k = 0; k < v.length; k++) {
                    v[k] = (float) (rng.nextGaussian() * std);
                }
            }
            params.put(PARAM_NAMES.get(i), Nd4j.create(v, shape, 'c'));
        }
        return new FashionClassifier(params, Header.untrained());
    }

    private static SameDiff build(Map<String, INDArray> params) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 1, SIDE, SIDE);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, CLASSES);
        Map<String, SDVariable> v = new LinkedHashMap<>();
        for (String name : PARAM_NAMES) {
            v.put(name, sd.var(name, params.get(name).castTo(DataType.FLOAT).dup()));
        }
        Conv2DConfig conv = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat("NCHW").weightsFormat(org.nd4j.enums.WeightsFormat.YXIO).build();
        Pooling2DConfig pool = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).isNHWC(false).build();
        SDVariable h = sd.nn().relu(sd.cnn().conv2d(x, v.get("conv1.weight"), v.get("conv1.bias"), conv), 0); // [N,32,26,26]
        h = sd.cnn().maxPooling2d(h, pool); // [N,32,13,13]
        h = sd.nn().relu(sd.cnn().conv2d(h, v.get("conv2.weight"), v.get("conv2.bias"), conv), 0); // [N,64,11,11]
        h = sd.cnn().maxPooling2d(h, pool); // [N,64,5,5]
        h = sd.reshape(h, -1, FLAT); // [N,1600]
        SDVariable features = sd.nn().relu("features", h.mmul(v.get("fc1.weight")).add(v.get("fc1.bias")), 0); // [N,128]
        SDVariable logits = features.mmul(v.get("fc2.weight")).add("logits", v.get("fc2.bias")); // [N,10]
        sd.nn().softmax("probs", logits, -1);
        SDVariable loss = sd.loss().softmaxCrossEntropy("loss", label, logits, null);
        sd.setLossVariables(loss);
        return sd;
    }

    /** The SameDiff graph (placeholders {@code x} [N,1,28,28], {@code label} [N,10]; loss {@code loss}), for training. */
    public SameDiff graph() {
        return sd;
    }

    public Header header() {
        return header;
    }

    /** Records how the current parameters were trained (written into the file by {@link #save}). */
    public void setHeader(Header header) {
        this.header = header;
    }

    public long numParams() {
        long n = 0;
        for (long[] s : PARAM_SHAPES) {
            n += size(s);
        }
        return n;
    }

    /**
     * Runs the network on {@code n} images given as {@code pixels} [n, 28, 28] in [-1, 1]
     * (row-major, 784 floats per image), in batches of {@value #PREDICT_BATCH}.
     */
    public Output predict(float[] pixels, int n) {
        int per = SIDE * SIDE;
        if (n < 0 || (long) n * per != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " pixels are not " + n + " images of 28x28");
        }
        double[][] probs = new double[n][], features = new double[n][];
        for (int start = 0; start < n; start += PREDICT_BATCH) {
            int b = Math.min(PREDICT_BATCH, n - start);
            float[] chunk = new float[b * per];
            System.arraycopy(pixels, start * per, chunk, 0, chunk.length);
            INDArray x = Nd4j.create(chunk, new long[] {b, 1, SIDE, SIDE}, 'c');
            Map<String, INDArray> out = sd.output(Map.of("x", x), "probs", "features");
            double[][] p = out.get("probs").castTo(DataType.DOUBLE).toDoubleMatrix();
            double[][] f = out.get("features").castTo(DataType.DOUBLE).toDoubleMatrix();
            System.arraycopy(p, 0, probs, start, b);
            System.arraycopy(f, 0, features, start, b);
        }
        return new Output(probs, features);
    }

    /** Converts 8-bit grayscale pixels to the network's input range: v / 127.5 - 1 ∈ [-1, 1]. */
    public static float toInput(int byteValue) {
        return (byteValue & 0xff) / 127.5f - 1f; // [0,255] -> [-1,1], as the diffusion model's images
    }

    // ---- the file ----

    /** Writes the parameters and header atomically. */
    public void save(Path file) throws IOException {
        AtomicFiles.write(file, this::write);
    }

    private void write(OutputStream raw) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(raw);
        zip.putNextEntry(new ZipEntry("header.json"));
        zip.write(JSON.writeValueAsBytes(header));
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry("weights.f32"));
        for (String name : PARAM_NAMES) {
            float[] v = sd.getVariable(name).getArr().castTo(DataType.FLOAT).dup('c').data().asFloat();
            ByteBuffer bb = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bb.asFloatBuffer().put(v);
            zip.write(bb.array());
        }
        zip.closeEntry();
        zip.finish();
    }

    /** Loads a classifier file. */
    public static FashionClassifier load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** The classifier shipped with the app (class path {@value #PRETRAINED_RESOURCE}). */
    public static FashionClassifier loadPretrained() throws IOException {
        try (InputStream in = FashionClassifier.class.getResourceAsStream(PRETRAINED_RESOURCE)) {
            if (in == null) {
                throw new IOException("the pretrained classifier " + PRETRAINED_RESOURCE + " is missing from the application");
            }
            return read(in, "the pretrained classifier");
        }
    }

    static FashionClassifier read(InputStream raw, String name) throws IOException {
        byte[] headerBytes = null, weights = null;
        long expected = 0;
        for (long[] s : PARAM_SHAPES) {
            expected += size(s);
        }
        try (ZipInputStream zip = new ZipInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.getName().equals("header.json")) {
                    headerBytes = readLimited(zip, MAX_HEADER_BYTES, name);
                } else if (e.getName().equals("weights.f32")) {
                    weights = readLimited(zip, expected * Float.BYTES, name);
                }
            }
        } catch (ZipException e) {
            throw new IOException(name + ": not a classifier file (" + e.getMessage() + ")", e);
        }
        if (headerBytes == null || weights == null) {
            throw new IOException(name + ": not a classifier file (header.json or weights.f32 missing)");
        }
        Header header;
        try {
            header = JSON.readValue(headerBytes, Header.class);
        } catch (IOException | IllegalArgumentException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new IOException(name + ": " + cause.getMessage(), e);
        }
        if (weights.length != expected * Float.BYTES) {
            throw new IOException(name + ": " + weights.length / Float.BYTES + " parameters, expected " + expected);
        }
        java.nio.FloatBuffer fb = ByteBuffer.wrap(weights).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (int i = 0; i < PARAM_NAMES.size(); i++) {
            float[] v = new float[(int) size(PARAM_SHAPES[i])];
            fb.get(v);
            for (float f : v) {
                if (!Float.isFinite(f)) {
                    throw new IOException(name + ": " + PARAM_NAMES.get(i) + " holds a non-finite value");
                }
            }
            params.put(PARAM_NAMES.get(i), Nd4j.create(v, PARAM_SHAPES[i], 'c'));
        }
        return new FashionClassifier(params, header);
    }

    private static byte[] readLimited(InputStream in, long limit, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        int r;
        while ((r = in.read(buf)) > 0) {
            out.write(buf, 0, r);
            if (out.size() > limit) {
                throw new IOException(name + ": an entry is larger than expected (" + limit + " bytes)");
            }
        }
        return out.toByteArray();
    }

    private static long size(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }
}
