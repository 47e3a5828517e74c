package org.ddpmexplorer.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample images bundled with the app (the repository's {@code sample-images/}, copied onto
 * the class path by the build). The list is read from their provenance file, SOURCES.md, so an
 * image without a stated source and licence is never offered.
 */
public final class SampleImages {
    /** Class-path folder of the samples. */
    public static final String RESOURCE_DIR = "/sample-images/";
    /** The sample the app opens with. */
    public static final String DEFAULT = "astronaut.png";

    /** A table row of SOURCES.md: | file | what | licence |. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*([\\w.-]+\\.(?:png|jpe?g|gif|bmp|webp))\\s*\\|\\s*([^|]*)\\|\\s*([^|]*)\\|");

    /** One bundled sample: its file name, a short description and its licence. */
    public record Sample(String file, String description, String licence) {
        /** The name shown in the gallery ("hubble deep field"). */
        public String title() {
            String base = file.replaceFirst("\\.[^.]+$", "").replace('_', ' ');
            return Character.toUpperCase(base.charAt(0)) + base.substring(1);
        }
    }

    private SampleImages() {
    }

    /** The samples listed in SOURCES.md, in its order. */
    public static List<Sample> list() {
        List<Sample> out = new ArrayList<>();
        try (InputStream in = SampleImages.class.getResourceAsStream(RESOURCE_DIR + "SOURCES.md")) {
            if (in == null) {
                return out;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                Matcher m = ROW.matcher(line);
                if (m.find()) {
                    out.add(new Sample(m.group(1), m.group(2).trim(), m.group(3).trim()));
                }
            }
        } catch (IOException e) {
            // a broken resource means no gallery, not a broken app
        }
        return out;
    }

    /** Loads a bundled sample by file name. */
    public static LoadedImage load(String file) throws ImageLoadException {
        InputStream in = SampleImages.class.getResourceAsStream(RESOURCE_DIR + file);
        if (in == null) {
            throw new ImageLoadException(file + ": no such bundled sample image");
        }
        try (in) {
            return ImageLoader.load(file, in);
        } catch (IOException e) {
            throw e instanceof ImageLoadException ile ? ile : new ImageLoadException(file + ": " + e.getMessage(), e);
        }
    }
}
