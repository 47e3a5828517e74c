package org.ddpmexplorer.ui.generate;

import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.ddpmexplorer.diffusion.SamplerConfig;

/**
 * The update of the shown step as a formula, with the step's numbers filled in underneath: DDPM's
 * x_{t−1} = 1/√α_t (x_t − β_t/√(1−ᾱ_t) ε̂) + σ_t z (Ho et al., Algorithm 2, line 4) or DDIM's
 * x_{t'} = √ᾱ_{t'} x̂_0 + √(1−ᾱ_{t'}−σ²) ε̂ + σ z (Song et al., eq. 12). Unicode math in a TextFlow.
 */
final class EquationPanel extends VBox {
    final TextFlow formula = new TextFlow();
    final TextFlow numbers = new TextFlow();
    final FlowPane values = new FlowPane(14, 4);
    private final Label title = new Label();

    EquationPanel() {
        getStyleClass().add("equation-panel");
        setId("equation-panel");
        title.getStyleClass().add("equation-title");
        title.setWrapText(true); // the final sample's longer title wraps inside the panel on a narrow window
        title.setMinHeight(javafx.scene.control.Control.USE_PREF_SIZE);
        formula.getStyleClass().add("equation");
        formula.setId("equation-formula");
        numbers.getStyleClass().add("equation");
        numbers.setId("equation-numbers");
        values.setId("equation-values");
        setSpacing(4);
        setPadding(new Insets(8, 12, 8, 12));
        getChildren().addAll(title, formula, numbers, values);
        show(null);
    }

    /** Shows a step's update (null: an explanation of what will appear). */
    void show(StepInfo s) {
        formula.getChildren().clear();
        numbers.getChildren().clear();
        values.getChildren().clear();
        if (s == null) {
            title.setText("The update of each step appears here while sampling and when you scrub the timeline");
            return;
        }
        boolean ddpm = s.kind() == SamplerConfig.Kind.DDPM;
        boolean consecutive = s.tPrev() == s.t() - 1;
        String prev = consecutive ? "ₜ₋₁" : "ₜ′";
        if (s.isFinal()) {
            title.setText("The sample x₀: the last step's output (t = " + s.t() + " → 0, no noise added)");
        } else {
            title.setText(String.format(Locale.ROOT, "%s step %d of %d:  t = %d → %s = %d", ddpm ? "DDPM (Algorithm 2)"
                    : "DDIM", s.index(), s.count(), s.t(), consecutive ? "t − 1" : "t′", s.tPrev()));
        }
        if (ddpm) {
            sym(formula, "x" + prev);
            op(formula, " = ");
            sym(formula, "1/√αₜ");
            op(formula, " · ( ");
            sym(formula, "xₜ");
            op(formula, " − ");
            sym(formula, "βₜ/√(1 − ᾱₜ)");
            op(formula, " · ");
            sym(formula, "ε̂");
            op(formula, " ) + ");
            sym(formula, "σₜ");
            op(formula, " · ");
            sym(formula, "z");

            op(numbers, "x" + prev + " = ");
            num(numbers, s.meanScale());
            op(numbers, " · ( xₜ − ");
            num(numbers, s.noiseScale());
            op(numbers, " · ε̂ ) + ");
            num(numbers, s.sigma());
            op(numbers, " · z");
        } else {
            sym(formula, "x" + prev);
            op(formula, " = ");
            sym(formula, "√ᾱ" + prev);
            op(formula, " · ");
            sym(formula, "x̂₀");
            op(formula, " + ");
            sym(formula, "√(1 − ᾱ" + prev + " − σ²)");
            op(formula, " · ");
            sym(formula, "ε̂");
            op(formula, " + ");
            sym(formula, "σ");
            op(formula, " · ");
            sym(formula, "z");

            op(numbers, "x" + prev + " = ");
            num(numbers, s.startScale());
            op(numbers, " · x̂₀ + ");
            num(numbers, s.directionScale());
            op(numbers, " · ε̂ + ");
            num(numbers, s.sigma());
            op(numbers, " · z");
        }
        int digits = 4; // t ≤ T ≤ 4000: a fixed width for t
        value("t", pad(Integer.toString(s.t()), digits));
        value(consecutive ? "t − 1" : "t′", pad(Integer.toString(s.tPrev()), digits));
        value("βₜ", fmt(s.beta()));
        value("αₜ", fmt(s.alpha()));
        value("ᾱₜ", fmt(s.alphaBar()));
        value("ᾱ" + prev, fmt(s.alphaBarPrev()));
        value("σₜ", fmt(s.sigma()));
        value("x̂₀", "(xₜ − √(1−ᾱₜ) ε̂)/√ᾱₜ");
    }

    /** Characters of every number (in a monospaced font), so the panel does not reflow as the values change. */
    static final int NUMBER_WIDTH = 10;

    /** A number in {@link #NUMBER_WIDTH} characters: 4 decimals, or scientific notation when tiny or huge. */
    static String fmt(double v) {
        double a = Math.abs(v);
        String s = v == 0 ? "0" : a >= 0.001 && a < 1000 ? String.format(Locale.ROOT, "%.4f", v)
                : String.format(Locale.ROOT, "%.3e", v);
        return pad(s, NUMBER_WIDTH);
    }

    /** {@code s} right-aligned in {@code width} characters. */
    static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** The height the panel has needed at its current width: it grows, never shrinks, while its width stays. */
    private double stickyHeight, stickyWidth = -1;

    @Override
    protected double computePrefHeight(double width) {
        double h = super.computePrefHeight(width);
        double w = width < 0 ? getWidth() : width;
        if (w != stickyWidth) {
            stickyWidth = w;
            stickyHeight = 0;
        }
        stickyHeight = Math.max(stickyHeight, h);
        return stickyHeight;
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    private static void sym(TextFlow f, String s) {
        Text t = new Text(s);
        t.getStyleClass().add("eq-symbol");
        f.getChildren().add(t);
    }

    private static void op(TextFlow f, String s) {
        Text t = new Text(s);
        t.getStyleClass().add("eq-op");
        f.getChildren().add(t);
    }

    private static void num(TextFlow f, double v) {
        Text t = new Text(fmt(v));
        t.getStyleClass().add("eq-number");
        f.getChildren().add(t);
    }

    private void value(String name, String v) {
        Label l = new Label(name + " = " + v);
        l.getStyleClass().add("eq-value");
        values.getChildren().add(l);
    }
}
