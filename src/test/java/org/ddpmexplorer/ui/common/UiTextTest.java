package org.ddpmexplorer.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The text the GUI shows is written in forms its fonts render: β̃ with the spacing tilde (β˜), never β
 * with the combining tilde U+0303, which JavaFX draws inside β's ascender or beside it.
 */
class UiTextTest {
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final List<Path> GUI_SOURCES = List.of(Path.of("src/main/java/org/ddpmexplorer/ui"),
            Path.of("src/main/java/org/ddpmexplorer/app"));

    /** "file:line: literal" for every string literal of the GUI's sources that contains β + U+0303. */
    static List<String> combiningBetaTilde() throws IOException {
        List<String> hits = new ArrayList<>();
        for (Path dir : GUI_SOURCES) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    try {
                        List<String> lines = Files.readAllLines(f);
                        for (int i = 0; i < lines.size(); i++) {
                            Matcher m = STRING.matcher(lines.get(i));
                            while (m.find()) {
                                String lit = m.group();
                                if (lit.contains("β\u0303") || lit.contains("β\\u0303") || lit.contains("\\u03B2\\u0303")
                                        || lit.contains("\\u03b2\\u0303")) {
                                    hits.add(f + ":" + (i + 1) + ": " + lit);
                                }
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        return hits;
    }

    @Test
    void noGuiStringWritesBetaTildeWithTheCombiningTilde() throws IOException {
        assertTrue(Files.isDirectory(GUI_SOURCES.get(0)), "run from the project folder");
        assertEquals(List.of(), combiningBetaTilde());
    }

    @Test
    void theSpacingFormIsBetaAndTheSpacingTilde() {
        assertEquals("\u03B2\u02DC", ParameterizationText.BETA_TILDE);
        assertEquals("fixed σₜ² = " + ParameterizationText.BETA_TILDE + "ₜ (posterior)",
                ParameterizationText.label(org.ddpmexplorer.diffusion.VarianceType.FIXED_SMALL));
        // the sampler's own names (its toString, for the command line) write the combining form; lists use these
        assertEquals("σ² = β˜ₜ", ParameterizationText.label(org.ddpmexplorer.diffusion.SamplerConfig.Variance.POSTERIOR));
        assertEquals("σ² = βₜ", ParameterizationText.label(org.ddpmexplorer.diffusion.SamplerConfig.Variance.BETA));
    }
}
