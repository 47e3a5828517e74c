package org.ddpmexplorer.ui.plane;

import static org.ddpmexplorer.ui.common.Widgets.labelled;
import static org.ddpmexplorer.ui.common.Widgets.muted;
import static org.ddpmexplorer.ui.common.Widgets.section;
import static org.ddpmexplorer.ui.plane.PlaneSidebar.bindSpinner;
import static org.ddpmexplorer.ui.plane.PlaneSidebar.half;
import static org.ddpmexplorer.ui.plane.PlaneSidebar.showWhen;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.ddpmexplorer.diffusion.SamplerConfig;
import org.ddpmexplorer.ui.common.ParameterizationText;
import org.ddpmexplorer.ui.common.Widgets;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/** The sidebar's "Sampler" section: DDPM (σ²) or DDIM (η), steps, particles, sample again. */
final class SamplerControls {
    final ComboBox<SamplerConfig.Kind> sampler = new ComboBox<>();
    final ComboBox<SamplerConfig.Variance> variance = new ComboBox<>();
    final Slider eta = new Slider(0, 1, 0);
    final Spinner<Integer> steps = new Spinner<>(1, PlaneController.MAX_T, PlaneController.DEFAULT_T, 5);
    final Spinner<Integer> particles = new Spinner<>(PlaneSampling.MIN_PARTICLES, PlaneSampling.MAX_PARTICLES,
            PlaneSampling.DEFAULT_PARTICLES, 500);

    Node build(PlaneController c) {
        sampler.setId("sampler-box");
        sampler.getItems().setAll(SamplerConfig.Kind.values());
        sampler.valueProperty().bindBidirectional(c.sampling.kind);
        sampler.setMaxWidth(Double.MAX_VALUE);
        variance.setId("variance-box");
        variance.getItems().setAll(SamplerConfig.Variance.values());
        variance.valueProperty().bindBidirectional(c.sampling.variance);
        variance.setMaxWidth(Double.MAX_VALUE);
        variance.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(SamplerConfig.Variance v) {
                return v == null ? "" : ParameterizationText.label(v);
            }

            @Override
            public SamplerConfig.Variance fromString(String s) {
                return s.contains("β˜") ? SamplerConfig.Variance.POSTERIOR : SamplerConfig.Variance.BETA;
            }
        });
        // a model that learnt its variance draws each step with its own σₜ²
        var learned = Bindings.createBooleanBinding(() -> {
            var m = c.training.modelProperty().get();
            return m != null && m.denoiser().varianceType().learned();
        }, c.training.modelProperty());
        variance.disableProperty().bind(learned);
        Label learnedNote = muted("The model learnt its variance: each step uses its own σₜ².");
        learnedNote.setId("learned-variance-note");
        showWhen(learnedNote, learned.and(c.sampling.kind.isNotEqualTo(SamplerConfig.Kind.DDIM)));
        var ddim = c.sampling.kind.isEqualTo(SamplerConfig.Kind.DDIM);
        Node varianceRow = labelled("Variance σ²", variance);
        showWhen(varianceRow, ddim.not());
        eta.setId("eta-slider");
        eta.setBlockIncrement(0.1);
        Label etaValue = new Label();
        etaValue.getStyleClass().add(Styles.TEXT_SMALL);
        etaValue.textProperty().bind(Bindings.format("η = %.2f", eta.valueProperty()));
        eta.valueChangingProperty().addListener((o, was, is) -> {
            if (!is) {
                c.sampling.eta.set(eta.getValue());
            }
        });
        eta.valueProperty().addListener((o, a, b) -> {
            if (!eta.isValueChanging()) {
                c.sampling.eta.set(b.doubleValue());
            }
        });
        HBox.setHgrow(eta, Priority.ALWAYS);
        HBox etaRow = new HBox(8, eta, etaValue);
        showWhen(etaRow, ddim);
        steps.setId("sample-steps");
        steps.setEditable(true);
        Widgets.keepValueOnNonsense(steps);
        bindSpinner(steps, c.sampling.steps);
        steps.setTooltip(Widgets.tooltip("Denoising steps; fewer than T skips steps (DDIM, or respaced DDPM)"));
        particles.setId("particles");
        particles.setEditable(true);
        Widgets.keepValueOnNonsense(particles);
        bindSpinner(particles, c.sampling.particles);
        steps.setMaxWidth(Double.MAX_VALUE);
        particles.setMaxWidth(Double.MAX_VALUE);
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.add(labelled("Steps", steps), 0, 0);
        grid.add(labelled("Particles", particles), 1, 0);
        grid.getColumnConstraints().addAll(half(), half());
        Button resample = Widgets.button("Sample again", Material2OutlinedMZ.REFRESH, "Run the reverse process again with these settings");
        resample.setId("resample-button");
        resample.setMaxWidth(Double.MAX_VALUE);
        resample.setOnAction(e -> c.resample());
        resample.disableProperty().bind(c.training.phaseProperty().isNotEqualTo(PlaneTraining.Phase.READY));
        Label note = muted("Changing a setting samples again from the same seed.");
        return section("Sampler", labelled("Algorithm", sampler), varianceRow, learnedNote, etaRow, grid, resample, note);
    }
}
