package io.deitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.deitstream.image.ImageLimits;
import io.deitstream.image.ImagePreprocessor;
import io.deitstream.inference.DeitTranslator;
import io.deitstream.inference.DeviceAssignment;
import io.deitstream.inference.ModelDirectory;
import io.deitstream.inference.ModelRegistry;
import io.deitstream.inference.PixelBatch;
import io.deitstream.inference.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fidelity to the Hugging Face pipeline: {@code classify --logits} on the committed test model must give the logits of
 * an independent float64 implementation of DeiT over Pillow 9.4's preprocessing
 * ({@code scripts/make_reference_logits.py}), within {@link #TOLERANCE}, with the same top-5 order.
 */
class LogitsParityTest {
    /** Float32 inference against a float64 reference: measured 2.6e-6 here; 1e-3 leaves room for other CPUs. */
    private static final double TOLERANCE = 1e-3;
    private static final Path MODEL = Path.of("models/deit-test");

    private static JsonObject reference;

    @BeforeAll
    static void readReference() throws Exception {
        reference = JsonParser.parseString(Files.readString(Path.of("testdata/reference-logits/deit-test.json")))
                .getAsJsonObject();
        assertThat(reference.get("pillow_version").getAsString()).isEqualTo("9.4.0");
    }

    @Test
    void classifyLogitsMatchTheFloat64ReferenceOnEveryPng() throws Exception {
        List<String> names = new ArrayList<>(reference.getAsJsonObject("images").keySet());
        assertThat(names).hasSizeGreaterThanOrEqualTo(4);
        List<String> args = new ArrayList<>(List.of("--model", MODEL.toString(), "--logits"));
        names.forEach(name -> args.add("data/images/" + name));

        List<JsonObject> results = ClassifyCommandTest.classify(args.toArray(String[]::new));

        for (int i = 0; i < names.size(); i++) {
            JsonObject expected = reference.getAsJsonObject("images").getAsJsonObject(names.get(i));
            float[] logits = floats(results.get(i).getAsJsonArray("logits"));
            assertThat(maxAbsDifference(logits, floats(expected.getAsJsonArray("logits"))))
                    .as("max |Δlogit| on %s", names.get(i)).isLessThan(TOLERANCE);
            List<Integer> top5 = new ArrayList<>();
            results.get(i).getAsJsonArray("top").forEach(t -> top5.add(t.getAsJsonObject().get("index").getAsInt()));
            assertThat(top5).as("top-5 order on %s", names.get(i))
                    .containsExactlyElementsOf(intList(expected.getAsJsonArray("top5")));
        }
    }

    /** The tolerance must be able to catch a preprocessing that is off by one grey level everywhere. */
    @Test
    void aOneLevelShiftOfThePixelsMovesTheLogitsByMoreThanTheTolerance() throws Exception {
        byte[] crop = new ImagePreprocessor(new ImageLimits(10_000_000, 50_000_000))
                .preprocess(Files.readAllBytes(Path.of("data/images/chelsea.png")));
        byte[] shifted = crop.clone();
        for (int i = 0; i < shifted.length; i++) {
            int value = shifted[i] & 0xFF;
            shifted[i] = (byte) (value == 255 ? 254 : value + 1);
        }
        ModelDirectory dir = ModelDirectory.open(MODEL);
        try (ModelRegistry.Lease model = ModelRegistry.acquire(dir, new DeviceAssignment(Device.cpu(), Device.cpu()));
                Predictor<PixelBatch, List<Prediction>> predictor =
                        model.model().newPredictor(new DeitTranslator(dir.labels(), 5))) {
            float[] original = predictor.predict(PixelBatch.of(crop)).get(0).logits();
            float[] moved = predictor.predict(PixelBatch.of(shifted)).get(0).logits();
            assertThat(maxAbsDifference(original, moved)).isGreaterThan(10 * TOLERANCE);
        }
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    private static float[] floats(JsonArray array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsFloat();
        }
        return values;
    }

    private static List<Integer> intList(JsonArray array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(v -> values.add(v.getAsInt()));
        return values;
    }

}
