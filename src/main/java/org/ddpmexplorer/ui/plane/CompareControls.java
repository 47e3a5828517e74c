package org.ddpmexplorer.ui.plane;

import static org.ddpmexplorer.ui.common.Widgets.muted;
import static org.ddpmexplorer.ui.common.Widgets.section;

import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.ddpmexplorer.ui.common.Widgets;

/** The sidebar's "Compare" section: on/off, what differs, and the other T. */
final class CompareControls {
    final CheckBox enabled = new CheckBox("Side by side");
    final ComboBox<PlaneCompare.What> what = new ComboBox<>();
    final Spinner<Integer> otherT = new Spinner<>(PlaneController.MIN_T, PlaneController.MAX_T, PlaneCompare.DEFAULT_OTHER_T, 10);

    Node build(PlaneController c) {
        PlaneCompare cmp = c.compare;
        enabled.setId("compare-toggle");
        enabled.selectedProperty().bindBidirectional(cmp.enabled);
        what.setId("compare-what");
        what.getItems().setAll(PlaneCompare.What.values());
        what.valueProperty().bindBidirectional(cmp.what);
        what.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(what, Priority.ALWAYS);
        otherT.setId("compare-t");
        otherT.setEditable(true);
        otherT.setPrefWidth(96);
        Widgets.keepValueOnNonsense(otherT);
        otherT.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                cmp.otherT.set(b);
            }
        });
        otherT.setTooltip(Widgets.tooltip("T of the second model"));
        otherT.visibleProperty().bind(cmp.what.isEqualTo(PlaneCompare.What.TIMESTEPS));
        otherT.managedProperty().bind(otherT.visibleProperty());
        HBox row = new HBox(8, what, otherT);
        row.disableProperty().bind(cmp.enabled.not());
        Label note = muted("");
        note.setId("compare-note");
        note.textProperty().bind(Bindings.createStringBinding(() -> switch (cmp.what.get()) {
            case SAMPLER -> "The same model sampled both ways, from the same x_T.";
            case ONE_SHOT -> oneShotNote(c.diffusionProperty().get());
            case SCHEDULE -> "A second model trains with the other schedule, on the same data; both sample from the same x_T.";
            case TIMESTEPS -> "A second model trains with this T; the slider maps t proportionally.";
            case PREDICTION -> PREDICTION_NOTE;
            case VARIANCE -> "A second model, on the same data and seed, with the other variance: a learned one outputs two more "
                    + "values per point that set σₜ² between β˜ₜ and βₜ (Nichol & Dhariwal 2021), trained with "
                    + "L_simple + 0.001·L_vlb. The sampler's σ² box applies to the fixed one only.";
        }, cmp.what, c.diffusionProperty()));
        return section("Compare", enabled, row, note);
    }

    /**
     * What the three plots show, under their choice (measured on the checkerboard and two moons with the
     * default settings: PlanePredictionNoteTest). A μ model's plain MSE is ε's weighted by
     * βₜ²/(αₜ(1−ᾱₜ)), since μ̂ − μ = −βₜ/(√αₜ √(1−ᾱₜ)) (ε̂ − ε).
     */
    static final String PREDICTION_NOTE = "Three models, same data, seed and steps; only the training target differs. "
            + "The x₀ model's points collapse onto the shape's curves and clumps: they sit on it but narrower than "
            + "the data, leaving parts of it empty. "
            + "The μ model's points are fuzzier than ε's, a haze around the shape: μ is ε up to a per-step scale, "
            + "but its loss weighs each step's ε error by βₜ²/(αₜ(1−ᾱₜ)), small at the last steps that sharpen the "
            + "points. ε covers it most evenly.";

    /** What one shot vs iterative shows, with √ᾱ_T of the forward process in use. */
    static String oneShotNote(org.ddpmexplorer.diffusion.GaussianDiffusion d) {
        String sab = d == null ? "√ᾱ_T" : String.format(java.util.Locale.ROOT, "√ᾱ_T = %.2g", d.sqrtAlphaBar(d.timesteps()));
        return "Left: the sampler walks all its steps. Right: from the same x_T, one jump to the network's "
                + "x̂₀ = (x_T − √(1−ᾱ_T) ε̂)/√ᾱ_T. That is an estimate of the mean E[x₀ | x_T], not a sample, and it divides "
                + "the network's small error in ε̂ by " + sab + ": the jump scatters where the walk lands on the data.";
    }
}
