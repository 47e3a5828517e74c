package org.ddpmexplorer.ui.generate;

import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.SamplerConfig;

/**
 * The update of the shown step as a formula, with the step's numbers filled in underneath: DDPM's
 * x_{t−1} = 1/√α_t (x_t − β_t/√(1−ᾱ_t) ε̂) + σ_t z (Ho et al., Algorithm 2, line 4) or DDIM's
 * x_{t'} = √ᾱ_{t'} x̂_0 + √(1−ᾱ_{t'}−σ²) ε̂ + σ z (Song et al., eq. 12); for a model that predicts x_0, μ
 * or v, DDPM's step is the posterior mean μ̃ = c₁ x̂₀ + c₂ x_t (Ho et al. eq. 7) plus σ z, and the values say
 * which of x̂₀ and ε̂ the network predicted and how the other was derived. Unicode math in a TextFlow.
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
        if (ddpm && s.prediction() != Prediction.EPSILON) {
            posteriorUpdate(s, prev, consecutive);
        } else if (ddpm) {
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
        value(s.learned() ? "σₜ (learned, RMS)" : "σₜ", fmt(s.sigma()));
        if (s.learned()) {
            value("σₜ² learned", fmt(s.variance()) + " in [β˜, β] = [" + fmt(s.varianceMin()) + ", " + fmt(s.varianceMax()) + "]");
        }
        value("network output", s.prediction().symbol());
        switch (s.prediction()) {
            case EPSILON -> value("x̂₀", "(xₜ − √(1−ᾱₜ) ε̂)/√ᾱₜ");
            case START_X -> {
                value("x̂₀", "predicted");
                value("ε̂", "(xₜ − √ᾱₜ x̂₀)/√(1−ᾱₜ)");
            }
            case PREVIOUS_X -> {
                value("x̂₀", "(μ̂ − c₂ xₜ)/c₁");
                value("ε̂", "(xₜ − √ᾱₜ x̂₀)/√(1−ᾱₜ)");
            }
            case VELOCITY -> {
                value("x̂₀", "√ᾱₜ xₜ − √(1−ᾱₜ) v̂");
                value("ε̂", "√(1−ᾱₜ) xₜ + √ᾱₜ v̂");
            }
        }
    }

    /**
     * DDPM's update for a model that does not predict ε: the posterior mean μ̃ = c₁ x̂₀ + c₂ xₜ of Ho et
     * al. eq. 7 (or, for a μ model on consecutive steps, the network's own μ̂) plus σₜ z.
     */
    private void posteriorUpdate(StepInfo s, String prev, boolean consecutive) {
        if (s.prediction() == Prediction.PREVIOUS_X && consecutive) {
            sym(formula, "x" + prev);
            op(formula, " = ");
            sym(formula, "μ̂");
            op(formula, " + ");
            sym(formula, "σₜ");
            op(formula, " · ");
            sym(formula, "z");
            op(formula, "   (μ̂: the network's output)");

            op(numbers, "x" + prev + " = μ̂ + ");
            num(numbers, s.sigma());
            op(numbers, " · z");
            return;
        }
        sym(formula, "μ̃");
        op(formula, " = ");
        sym(formula, "c₁");
        op(formula, " · ");
        sym(formula, "x̂₀");
        op(formula, " + ");
        sym(formula, "c₂");
        op(formula, " · ");
        sym(formula, "xₜ");
        op(formula, ",   ");
        sym(formula, "x" + prev);
        op(formula, " = ");
        sym(formula, "μ̃");
        op(formula, " + ");
        sym(formula, "σₜ");
        op(formula, " · ");
        sym(formula, "z");

        op(numbers, "μ̃ = ");
        num(numbers, s.posteriorStartScale());
        op(numbers, " · x̂₀ + ");
        num(numbers, s.posteriorInputScale());
        op(numbers, " · xₜ,   x" + prev + " = μ̃ + ");
        num(numbers, s.sigma());
        op(numbers, " · z");
        value("c₁", "βₜ√ᾱ" + prev + "/(1−ᾱₜ) = " + fmt(s.posteriorStartScale()));
        value("c₂", "(1−ᾱ" + prev + ")√αₜ/(1−ᾱₜ) = " + fmt(s.posteriorInputScale()));
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

    /**
     * {@code s} right-aligned in {@code width} characters, padded with figure spaces (U+2007: a digit's
     * width, and no line break there, so a wrapped line never starts inside a number).
     */
    static String pad(String s, int width) {
        return s.length() >= width ? s : String.valueOf(FIGURE_SPACE).repeat(width - s.length()) + s;
    }

    static final char FIGURE_SPACE = '\u2007', NO_BREAK_SPACE = '\u00A0';

    /**
     * The spaces of an operator string made unbreakable except at the formula's term boundaries: before
     * a + or − and after an = or a comma. A narrow panel then wraps "… + σₜ · z" as a whole term onto the
     * next line, never between a factor and its coefficient.
     */
    static String glue(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != ' ') {
                b.append(ch);
                continue;
            }
            char next = i + 1 < s.length() ? s.charAt(i + 1) : 0, prev = i > 0 ? s.charAt(i - 1) : 0;
            boolean boundary = next == '+' || next == '−' || prev == '=' || prev == ',';
            b.append(boundary ? ' ' : NO_BREAK_SPACE);
        }
        return b.toString();
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
        Text t = new Text(s.replace(' ', NO_BREAK_SPACE)); // a symbol never breaks
        t.getStyleClass().add("eq-symbol");
        f.getChildren().add(t);
    }

    /** An operator string, one Text per piece between line-break points (each ends with its breakable space). */
    private static void op(TextFlow f, String s) {
        String g = glue(s);
        int from = 0;
        for (int i = 0; i < g.length(); i++) {
            if (g.charAt(i) == ' ' || i == g.length() - 1) {
                Text t = new Text(g.substring(from, i + 1));
                t.getStyleClass().add("eq-op");
                f.getChildren().add(t);
                from = i + 1;
            }
        }
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
