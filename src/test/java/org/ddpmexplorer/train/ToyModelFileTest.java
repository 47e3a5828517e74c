package org.ddpmexplorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;
import org.ddpmexplorer.nn.Mlp;
import org.ddpmexplorer.nn.MlpConfig;
import org.ddpmexplorer.nn.MlpDenoiser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 2-D model file records the prediction and the variance; files of older builds load as eps / fixed-large. */
class ToyModelFileTest {
    private static final MlpConfig NET = new MlpConfig(8, 1, 4, 1);

    @TempDir
    Path dir;

    private static float[] weights(int outputs, long seed) {
        float[] w = new float[Math.toIntExact(new Mlp(NET, outputs, 0).numParams())];
        Random r = new Random(seed);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        return w;
    }

    @Test
    void everyPredictionAndVarianceRoundTrips() throws IOException {
        for (Prediction p : Prediction.values()) {
            for (VarianceType v : VarianceType.values()) {
                ToyModelFile m = new ToyModelFile(NET, BetaSchedule.LINEAR, 50, 7, "moons", weights(v.learned() ? 4 : 2, 3), p, v);
                Path f = dir.resolve(p.id() + "-" + v.id() + ".toy");
                m.save(f);
                ToyModelFile back = ToyModelFile.load(f);
                assertEquals(m, back);
                assertEquals(p, back.prediction());
                assertEquals(v, back.variance());
                MlpDenoiser d = back.denoiser();
                assertEquals(p, d.prediction());
                assertEquals(v, d.varianceType());
                assertEquals(v.learned() ? 4 : 2, d.net().outputs());
                // a noise predictor with fixed β_t is written as older builds wrote it; any other model is not
                byte[] bytes = Files.readAllBytes(f);
                int version = bytes[11] & 0xff;
                boolean plain = p == Prediction.EPSILON && v == VarianceType.FIXED_LARGE;
                assertEquals(plain ? 1 : 2, version, p + "/" + v);
                assertEquals(!plain, new String(bytes, StandardCharsets.ISO_8859_1).contains("prediction="), p + "/" + v);
            }
        }
        assertFalse(new ToyModelFile(NET, BetaSchedule.LINEAR, 50, 7, "", weights(2, 3), Prediction.START_X,
                VarianceType.FIXED_SMALL).equals(new ToyModelFile(NET, BetaSchedule.LINEAR, 50, 7, "", weights(2, 3))));
    }

    /** A file as {@link ToyModelFile#save} lays it out, with any version and header. */
    private Path file(String name, int version, String header, float[] w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write("DDPMTOY\n".getBytes(StandardCharsets.US_ASCII));
        out.writeInt(version);
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        out.writeInt(h.length);
        out.write(h);
        for (float f : w) {
            out.writeFloat(f);
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    private static String header(int outputs, String extra, int params) {
        return "hidden=8\ndepth=1\ntime_embedding=4\nfrequencies=1\noutputs=" + outputs + "\n" + extra
                + "schedule=cosine\ntimesteps=40\nstep=12\nparams=" + params + "\ndata=two-moons\n";
    }

    @Test
    void aFileOfAnOlderBuildLoadsAsEpsWithFixedLargeVariance() throws IOException {
        float[] w = weights(2, 5);
        ToyModelFile m = ToyModelFile.load(file("old.toy", 1, header(2, "", w.length), w));
        assertEquals(Prediction.EPSILON, m.prediction());
        assertEquals(VarianceType.FIXED_LARGE, m.variance());
        assertEquals(40, m.timesteps());
        assertEquals(new ToyModelFile(NET, BetaSchedule.COSINE, 40, 12, "two-moons", w), m);
    }

    private String refused(Path p) {
        return assertThrows(IOException.class, () -> ToyModelFile.load(p)).getMessage();
    }

    @Test
    void badPredictionsAndVariancesAreOneClearError() throws IOException {
        float[] w2 = weights(2, 5), w4 = weights(4, 5);
        String m = refused(file("p.toy", 2, header(2, "prediction=noise\nvariance=fixed-small\n", w2.length), w2));
        assertTrue(m.startsWith("p.toy: ") && m.contains("unknown prediction 'noise'") && m.contains("eps, x0, mean or v"), m);
        m = refused(file("v.toy", 2, header(2, "prediction=x0\nvariance=wide\n", w2.length), w2));
        assertTrue(m.contains("unknown variance 'wide'"), m);
        m = refused(file("o.toy", 2, header(2, "prediction=x0\nvariance=learned\n", w2.length), w2));
        assertTrue(m.contains("learned variance has 4 outputs, the header says 2"), m);
        m = refused(file("o4.toy", 2, header(4, "prediction=v\nvariance=fixed-small\n", w4.length), w4));
        assertTrue(m.contains("fixed-small variance has 2 outputs"), m);
        m = refused(file("new.toy", 3, header(2, "", w2.length), w2));
        assertTrue(m.contains("format version 3 is not supported"), m);
        // the right header loads
        assertEquals(VarianceType.LEARNED_RANGE,
                ToyModelFile.load(file("ok.toy", 2, header(4, "prediction=v\nvariance=learned\n", w4.length), w4)).variance());
    }
}
