package org.ddpmexplorer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import javafx.scene.canvas.GraphicsContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers of DEVELOPERS.md, enforced. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.ddpmexplorer");
    }

    @Test
    void engineAndIoKnowNothingOfJavaFxOrTheUi() {
        noClasses().that().resideInAnyPackage("..diffusion..", "..nn..", "..train..", "..io..", "..cli..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.ddpmexplorer.ui..", "org.ddpmexplorer.app..",
                        "atlantafx..", "org.controlsfx..", "org.kordamp..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void ioIsBelowTheEngine() {
        // io reads and writes files and images for every layer above it; a file format of the engine's own
        // (checkpoints, point sets) lives beside the classes it stores, so io never imports them back
        noClasses().that().resideInAPackage("org.ddpmexplorer.io..")
                .should().dependOnClassesThat().resideInAnyPackage("org.ddpmexplorer.train..", "org.ddpmexplorer.nn..",
                        "org.ddpmexplorer.eval..", "org.ddpmexplorer.cli..")
                .check(classes);
    }

    @Test
    void uiFeaturesDoNotDependOnEachOther() {
        slices().matching("org.ddpmexplorer.ui.(*)..").should().notDependOnEachOther()
                .ignoreDependency(DescribedPredicate.<JavaClass>alwaysTrue(),
                        JavaClass.Predicates.resideInAPackage("org.ddpmexplorer.ui.common.."))
                .check(classes);
    }

    @Test
    void uiDoesNotDependOnTheWiring() {
        noClasses().that().resideInAPackage("org.ddpmexplorer.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("org.ddpmexplorer.app..", "org.ddpmexplorer.cli..")
                .check(classes);
    }

    @Test
    void theGuiNeverTouchesNd4jDirectly() {
        // ND4J's start-up takes seconds; the UI uses the float[] API of diffusion so the window never waits for it
        noClasses().that().resideInAnyPackage("org.ddpmexplorer.ui..", "org.ddpmexplorer.app..")
                .should().dependOnClassesThat().resideInAPackage("org.nd4j..")
                .check(classes);
    }

    @Test
    void theUiCommonPackageKnowsNoFeature() {
        noClasses().that().resideInAPackage("org.ddpmexplorer.ui.common..")
                .should().dependOnClassesThat().resideInAnyPackage("org.ddpmexplorer.ui.forward..",
                        "org.ddpmexplorer.ui.generate..", "org.ddpmexplorer.ui.training..", "org.ddpmexplorer.ui.plane..")
                .check(classes);
    }

    @Test
    void noCanvasDrawsText() {
        // a canvas's text is shaped on the render thread while the FX thread shapes the labels; Pango's
        // font map is shared by both and not thread-safe, so charts show their text as FX-thread Text nodes
        noClasses().that().resideInAPackage("org.ddpmexplorer..")
                .should().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.<JavaClass>owner(
                        JavaClass.Predicates.assignableTo(GraphicsContext.class)))
                        .and(JavaCall.Predicates.target(HasName.Predicates.nameMatching("fillText|strokeText"))))
                .because("GraphicsContext.fillText and strokeText shape text on the render thread while the FX"
                        + " thread shapes labels, and Pango's shared font map is not thread-safe (the JVM aborts in"
                        + " libpango); draw the text with ui.common.CanvasLabels, which shapes it on the FX thread")
                .check(classes);
    }
}
