package io.deitstream.cli;

import ai.djl.Device;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.deitstream.config.DeitStreamOptions;
import io.deitstream.image.ImageLimits;
import io.deitstream.image.ImageRejectedException;
import io.deitstream.inference.ImageClassifier;
import io.deitstream.inference.ModelDirectory;
import io.deitstream.inference.Prediction;
import io.deitstream.schema.TopClass;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code classify [--model DIR] [--top-k K] [--logits] FILE...}: the stream's preprocessing and model without Kafka.
 * Prints one JSON object per file, in argument order. A file that cannot be classified gets an error object with the
 * stream's reason code; only a bad command line makes the exit status non-zero.
 */
final class ClassifyCommand {
    static final Set<String> OPTIONS = Set.of("model", "top-k");
    static final Set<String> FLAGS = Set.of("logits");

    private final Args args;
    private final PrintStream out;
    private final Gson gson = new Gson();

    ClassifyCommand(Args args, PrintStream out) {
        this.args = args;
        this.out = out;
    }

    int run() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String name : args.positional()) {
            Path file = Path.of(name);
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new UsageException("not a readable file: " + name);
            }
            files.add(file);
        }
        if (files.isEmpty()) {
            throw new UsageException("classify needs at least one FILE");
        }
        int topK = args.getInt("top-k", DeitStreamOptions.TOP_K.defaultValue(), 1);
        ModelDirectory model = openModel(Path.of(args.get("model", ProjectPaths.defaultModel().toString())));
        if (topK > model.labels().size()) {
            throw new UsageException("--top-k " + topK + " exceeds the model's " + model.labels().size() + " classes");
        }
        ImageLimits limits = new ImageLimits(DeitStreamOptions.MAX_IMAGE_BYTES.defaultValue(),
                DeitStreamOptions.MAX_PIXELS.defaultValue());
        try (ImageClassifier classifier = new ImageClassifier(model, limits, topK, Device.cpu())) {
            for (Path file : files) {
                out.println(gson.toJson(classifyOne(classifier, file)));
            }
        }
        return 0;
    }

    private static ModelDirectory openModel(Path dir) throws UsageException {
        try {
            return ModelDirectory.open(dir);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private JsonObject classifyOne(ImageClassifier classifier, Path file) throws IOException {
        JsonObject result = new JsonObject();
        result.addProperty("file", file.toString());
        try {
            Prediction prediction = classifier.classify(Files.readAllBytes(file));
            JsonArray top = new JsonArray();
            for (TopClass topClass : prediction.top()) {
                JsonObject entry = new JsonObject();
                entry.addProperty("index", topClass.getIndex());
                entry.addProperty("label", topClass.getLabel());
                entry.addProperty("probability", topClass.getProbability());
                top.add(entry);
            }
            result.add("top", top);
            if (args.has("logits")) {
                JsonArray logits = new JsonArray(prediction.logits().length);
                for (float logit : prediction.logits()) {
                    logits.add(logit);
                }
                result.add("logits", logits);
            }
        } catch (ImageRejectedException e) {
            JsonObject error = new JsonObject();
            error.addProperty("code", e.reason().name());
            error.addProperty("message", e.getMessage());
            result.add("error", error);
        }
        return result;
    }
}
