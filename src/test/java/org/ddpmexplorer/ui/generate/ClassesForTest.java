package org.ddpmexplorer.ui.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassesForTest {
    @Test
    void aChosenClassIsUsedForEveryImage() {
        assertArrayEquals(new int[] {7, 7, 7, 7}, GenerateSettings.classesFor(7, 123, 4, 10));
    }

    @Test
    void noClassIsTheModelsNoClassLabel() {
        assertArrayEquals(new int[] {-1, -1, -1}, GenerateSettings.classesFor(GenerateSettings.NO_CLASS, 5, 3, 10));
    }

    @Test
    void anyGivesEveryClassInAGridAndSingleImagesOfDifferentClassesAcrossSeeds() {
        Set<Integer> inGrid = new HashSet<>();
        for (int c : GenerateSettings.classesFor(-1, 42, 16, 10)) {
            inGrid.add(c);
        }
        assertEquals(10, inGrid.size());
        Set<Integer> singles = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            singles.add(GenerateSettings.classesFor(-1, seed, 1, 10)[0]);
        }
        assertEquals(10, singles.size(), "one image per seed, seeds 0..9");
    }
}
