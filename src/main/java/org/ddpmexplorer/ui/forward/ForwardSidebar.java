package org.ddpmexplorer.ui.forward;

import static org.ddpmexplorer.ui.common.Widgets.labelled;
import static org.ddpmexplorer.ui.common.Widgets.muted;
import static org.ddpmexplorer.ui.common.Widgets.section;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.ddpmexplorer.diffusion.BetaSchedule;
import org.ddpmexplorer.io.LoadedImage;
import org.ddpmexplorer.ui.common.AppContext;
import org.ddpmexplorer.ui.common.ImageFileChooser;
import org.ddpmexplorer.ui.common.SampleGallery;
import org.ddpmexplorer.ui.common.Widgets;
import org.kordamp.ikonli.material2.Material2OutlinedAL;

/**
 * The forward view's settings on the left: the image (open, samples), the noise schedule and T,
 * the seed of ε, the process (closed form or chain, compare, x_0 inset) and the working size. It
 * reads the controller's properties and calls its verbs.
 */
final class ForwardSidebar extends ScrollPane {
    ForwardSidebar(ForwardController c, AppContext ctx, ToggleSwitch insetSwitch) {
        Label name = new Label();
        name.getStyleClass().addAll(Styles.TEXT_BOLD, "image-name");
        name.setWrapText(true);
        Label info = new Label();
        info.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        info.setWrapText(true);
        Runnable updateInfo = () -> {
            LoadedImage img = c.imageProperty().get();
            var x0 = c.x0Property().get();
            name.setText(img == null ? "No image" : img.name());
            info.setText(img == null || x0 == null ? "" : String.format(Locale.ROOT, "%d × %d px, noised at %d × %d",
                    img.originalWidth(), img.originalHeight(), x0.width(), x0.height()));
        };
        c.imageProperty().addListener((o, a, b) -> updateInfo.run());
        c.x0Property().addListener((o, a, b) -> updateInfo.run());
        Button open = Widgets.button("Open image…", Material2OutlinedAL.FOLDER_OPEN, "Open an image file (Ctrl+O)");
        open.setId("open-button");
        open.setMaxWidth(Double.MAX_VALUE);
        open.setOnAction(e -> ImageFileChooser.show(getScene().getWindow(), ctx.recentFiles()).ifPresent(c::loadImage));
        SampleGallery gallery = new SampleGallery(ctx.executor(), c::loadSample);

        ComboBox<BetaSchedule> scheduleBox = new ComboBox<>();
        scheduleBox.getItems().setAll(BetaSchedule.values());
        scheduleBox.setId("schedule-box");
        scheduleBox.setMaxWidth(Double.MAX_VALUE);
        scheduleBox.setValue(c.scheduleProperty().get());
        scheduleBox.valueProperty().addListener((o, a, b) -> c.setSchedule(b));
        c.scheduleProperty().addListener((o, a, b) -> scheduleBox.setValue(b));
        scheduleBox.setTooltip(Widgets.tooltip("β schedule: linear (Ho et al. 2020), cosine (Nichol & Dhariwal 2021) or sigmoid"));

        Spinner<Integer> steps = new Spinner<>(ForwardController.MIN_T, ForwardController.MAX_T, c.timestepsProperty().get(), 10);
        steps.setId("steps-spinner");
        steps.setEditable(true);
        steps.setMaxWidth(Double.MAX_VALUE);
        steps.getStyleClass().add(Spinner.STYLE_CLASS_SPLIT_ARROWS_HORIZONTAL);
        steps.valueProperty().addListener((o, a, b) -> c.setTimesteps(b));
        c.timestepsProperty().addListener((o, a, b) -> steps.getValueFactory().setValue(b.intValue()));
        commitOnFocusLoss(steps);
        steps.setTooltip(Widgets.tooltip("T, the number of diffusion steps (" + ForwardController.MIN_T + "–" + ForwardController.MAX_T + ")"));

        Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, (int) c.seedProperty().get(), 1);
        seed.setId("seed-spinner");
        seed.setEditable(true);
        seed.getStyleClass().add(Spinner.STYLE_CLASS_SPLIT_ARROWS_HORIZONTAL);
        seed.valueProperty().addListener((o, a, b) -> c.setSeed(b));
        c.seedProperty().addListener((o, a, b) -> seed.getValueFactory().setValue((int) b.longValue()));
        commitOnFocusLoss(seed);
        seed.setTooltip(Widgets.tooltip("Seed of the noise ε: the same seed gives the same x_t"));
        seed.setPrefWidth(118);
        Button dice = Widgets.button("New noise", Material2OutlinedAL.CASINO, "Draw a new noise sample ε (N)");
        dice.setId("resample-button");
        dice.setOnAction(e -> c.resample());
        dice.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(dice, Priority.ALWAYS);
        dice.setMaxWidth(Double.MAX_VALUE);
        HBox seedRow = new HBox(8, seed, dice);
        seedRow.setAlignment(Pos.CENTER_LEFT);

        ToggleSwitch chainSwitch = new ToggleSwitch("Step the chain q(xₜ | xₜ₋₁)");
        chainSwitch.setId("chain-switch");
        chainSwitch.selectedProperty().addListener((o, a, b) -> c.setIterative(b));
        Label chainHelp = muted("Fresh noise at every step instead of the closed form; "
                + "the measured noise σ below matches the expected one.");
        ToggleSwitch compareSwitch = new ToggleSwitch("Compare linear and cosine");
        compareSwitch.setId("compare-switch");
        compareSwitch.selectedProperty().addListener((o, a, b) -> c.setCompare(b));
        c.compareProperty().addListener((o, a, b) -> compareSwitch.setSelected(b));
        Label compareHelp = muted("Shows xₜ under both schedules at the same t and ε (C).");
        insetSwitch.setId("inset-switch");
        insetSwitch.setSelected(true);

        ComboBox<Integer> size = new ComboBox<>();
        size.setId("size-box");
        size.getItems().setAll(ForwardController.WORKING_SIZES);
        size.setValue(c.workingSizeProperty().get());
        size.setMaxWidth(Double.MAX_VALUE);
        size.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer v) {
                if (v == null) {
                    return "";
                }
                return v + " px" + (v <= 64 ? "  (model resolution)" : v == 512 ? "  (largest)" : "");
            }

            @Override
            public Integer fromString(String s) {
                return Integer.valueOf(s.replaceAll("\\D.*", ""));
            }
        });
        size.valueProperty().addListener((o, a, b) -> c.setWorkingSize(b));
        size.setTooltip(Widgets.tooltip("Long side of the image the noise is computed on; smaller images keep their own size"));

        VBox box = new VBox(
                section("Image", name, info, open, Widgets.sectionTitle("Samples"), gallery),
                section("Noise schedule", scheduleBox, labelled("Steps T", steps)),
                section("Noise ε", seedRow),
                section("Process", chainSwitch, chainHelp, compareSwitch, compareHelp, insetSwitch),
                section("Working size", size));
        box.setSpacing(18);
        box.setPadding(new Insets(14, 18, 14, 18));
        setContent(box);
        setFitToWidth(true);
        setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        setPrefWidth(ForwardView.SIDEBAR_WIDTH);
        setMinWidth(ForwardView.SIDEBAR_WIDTH);
        getStyleClass().addAll("sidebar", "edge-to-edge");
    }


    /** Editable spinners commit typed text when they lose focus, not only on Enter. */
    private static void commitOnFocusLoss(Spinner<Integer> s) {
        s.focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                try {
                    s.increment(0);
                } catch (RuntimeException e) {
                    s.getEditor().setText(String.valueOf(s.getValue())); // nonsense typed: restore
                }
            }
        });
        Widgets.keepValueOnNonsense(s);
    }
}
