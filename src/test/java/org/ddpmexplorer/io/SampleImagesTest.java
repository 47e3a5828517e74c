package org.ddpmexplorer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bundled samples: every one has a source and licence in SOURCES.md and loads from the class path. */
class SampleImagesTest {
    @Test
    void everyFileInSampleImagesIsListedAndLoads() throws IOException {
        Set<String> files;
        try (var s = Files.list(Path.of("sample-images"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("SOURCES.md")).collect(Collectors.toSet());
        }
        List<SampleImages.Sample> listed = SampleImages.list();
        assertEquals(files, listed.stream().map(SampleImages.Sample::file).collect(Collectors.toSet()));
        for (SampleImages.Sample s : listed) {
            assertFalse(s.licence().isBlank(), s.file() + " has a licence");
            LoadedImage img = SampleImages.load(s.file());
            assertTrue(img.source().width() > 100, s.file());
            assertTrue(img.source().longSide() <= ImageLoader.SOURCE_LONG_SIDE);
        }
        assertTrue(files.contains(SampleImages.DEFAULT));
        assertEquals("Hubble deep field", new SampleImages.Sample("hubble_deep_field.jpg", "", "").title());
    }
}
