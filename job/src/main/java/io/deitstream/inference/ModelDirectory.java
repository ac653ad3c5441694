package io.deitstream.inference;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model directory as {@code deploy/export_model.py} writes it: {@code model.pt} (TorchScript, uint8 [N,224,224,3] in,
 * float32 logits out), {@code labels.txt} (one label per class) and {@code metadata.json}. Checked when opened, so a
 * wrong or partial directory fails at start with a message that names the file.
 */
public final class ModelDirectory {
    public static final String MODEL_FILE = "model.pt";

    private final Path path;
    private final String name;
    private final String version;
    private final String dtype;
    private final List<String> labels;

    private ModelDirectory(Path path, String name, String version, String dtype, List<String> labels) {
        this.path = path;
        this.name = name;
        this.version = version;
        this.dtype = dtype;
        this.labels = labels;
    }

    public static ModelDirectory open(Path dir) throws IOException {
        Path path = dir.toAbsolutePath().normalize();
        for (String file : List.of(MODEL_FILE, "labels.txt", "metadata.json")) {
            if (!Files.isRegularFile(path.resolve(file))) {
                throw new IOException("model directory " + path + " has no " + file
                        + " (export one with deploy/export_model.py)");
            }
        }
        JsonObject metadata;
        try (Reader reader = Files.newBufferedReader(path.resolve("metadata.json"), StandardCharsets.UTF_8)) {
            metadata = JsonParser.parseReader(reader).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException("unreadable " + path.resolve("metadata.json") + ": " + e.getMessage(), e);
        }
        List<String> labels = List.copyOf(Files.readAllLines(path.resolve("labels.txt"), StandardCharsets.UTF_8));
        int declared = metadata.has("num_labels") ? metadata.get("num_labels").getAsInt() : labels.size();
        if (labels.isEmpty() || declared != labels.size()) {
            throw new IOException(path.resolve("labels.txt") + " has " + labels.size() + " labels but metadata.json "
                    + "declares " + declared);
        }
        return new ModelDirectory(path, text(metadata, "name", path.getFileName().toString()), versionOf(metadata),
                text(metadata, "dtype", "float32"), labels);
    }

    /** The weights' hash plus the dtype the module computes in: the same weights in bf16 are another version. */
    private static String versionOf(JsonObject metadata) {
        String sha = "unknown";
        if (metadata.has("source_checkpoint") && metadata.getAsJsonObject("source_checkpoint").has("sha256")) {
            sha = metadata.getAsJsonObject("source_checkpoint").get("sha256").getAsString();
        }
        return "sha256:" + sha.substring(0, Math.min(12, sha.length())) + "/" + text(metadata, "dtype", "float32");
    }

    private static String text(JsonObject json, String key, String fallback) {
        return json.has(key) ? json.get(key).getAsString() : fallback;
    }

    /** Fails unless {@code precision} is {@code auto} or the dtype this directory's module computes in. */
    public void requirePrecision(String precision) throws IOException {
        if (!precision.equals("auto") && !precision.equals(dtype)) {
            throw new IOException("model.precision is " + precision + " but " + path + " holds a " + dtype
                    + " export (metadata.json); export the model with --dtype " + precision + " or set auto");
        }
    }

    public Path path() { return path; }
    public String dtype() { return dtype; }
    public String name() { return name; }
    public String version() { return version; }
    public List<String> labels() { return labels; }
}
