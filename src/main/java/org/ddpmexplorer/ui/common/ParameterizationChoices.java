package org.ddpmexplorer.ui.common;

import java.util.function.Function;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.ddpmexplorer.diffusion.Prediction;
import org.ddpmexplorer.diffusion.VarianceType;

/**
 * The choice of what the network predicts (ε, x₀, μ, v) and of its variance (fixed β̃ₜ, fixed βₜ,
 * learned), on the Train and Plane tabs: two lists whose items, and the boxes themselves, explain the
 * choice in a tooltip.
 */
public final class ParameterizationChoices {
    public final ComboBox<Prediction> prediction = box(Prediction.values(), Prediction.EPSILON, ParameterizationText::label,
            ParameterizationText::explain);
    public final ComboBox<VarianceType> variance = box(VarianceType.values(), VarianceType.FIXED_LARGE,
            ParameterizationText::label, ParameterizationText::explain);

    public ParameterizationChoices() {
        prediction.setId("prediction-box");
        variance.setId("variance-type-box");
    }

    /** The two boxes, labelled, for the settings column. */
    public VBox node() {
        return new VBox(8, Widgets.labelled("The network predicts", prediction), Widgets.labelled("Variance σₜ²", variance));
    }

    /** The loss chart's title: "Loss ‖ε − ε̂‖²", "Loss ‖x₀ − x̂₀‖² + λ L_vlb", … */
    public static String lossTitle(Prediction p, VarianceType v) {
        String target = switch (p) {
            case EPSILON -> "ε";
            case START_X -> "x₀";
            case PREVIOUS_X -> "μ";
            case VELOCITY -> "v";
        };
        return "Loss ‖" + target + " − " + p.symbol() + "‖²" + (v.learned() ? " + λ L_vlb" : "");
    }

    private static <T> ComboBox<T> box(T[] items, T value, Function<T, String> label, Function<T, String> explain) {
        ComboBox<T> b = new ComboBox<>();
        b.getItems().setAll(items);
        b.setValue(value);
        b.setMaxWidth(Double.MAX_VALUE);
        b.setConverter(new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : label.apply(t);
            }

            @Override
            public T fromString(String s) {
                return b.getItems().stream().filter(t -> label.apply(t).equals(s)).findFirst().orElse(b.getValue());
            }
        });
        b.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(T t, boolean empty) {
                super.updateItem(t, empty);
                setText(empty || t == null ? null : label.apply(t));
                setTooltip(empty || t == null ? null : tip(explain.apply(t)));
            }
        });
        b.setTooltip(tip(explain.apply(value)));
        b.valueProperty().addListener((o, was, is) -> b.getTooltip().setText(is == null ? "" : explain.apply(is)));
        return b;
    }

    private static Tooltip tip(String text) {
        Tooltip t = Widgets.tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(360);
        return t;
    }
}
