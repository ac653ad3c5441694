package io.deitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyCommandTest {

    /** Runs {@code classify} in-process and returns its stdout lines parsed as JSON. */
    static List<JsonObject> classify(String... args) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Args parsed = Args.parse(args, ClassifyCommand.OPTIONS, ClassifyCommand.FLAGS);
        int status = new ClassifyCommand(parsed, new PrintStream(stdout, true, StandardCharsets.UTF_8)).run();
        assertThat(status).isZero();
        return stdout.toString(StandardCharsets.UTF_8).lines()
                .map(line -> JsonParser.parseString(line).getAsJsonObject()).toList();
    }

    @Test
    void printsOneResultPerFileInOrderWithReasonCodesForBadFiles(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not an image");
        Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);

        List<JsonObject> results = classify("--model", "models/deit-test", "--top-k", "3", "--logits",
                "data/images/chelsea.png", text.toString(), empty.toString());

        assertThat(results).hasSize(3);
        JsonObject cat = results.get(0);
        assertThat(cat.get("file").getAsString()).isEqualTo("data/images/chelsea.png");
        assertThat(cat.getAsJsonArray("top")).hasSize(3);
        assertThat(cat.getAsJsonArray("logits")).hasSize(1000);
        JsonObject best = cat.getAsJsonArray("top").get(0).getAsJsonObject();
        assertThat(best.get("label").getAsString()).isNotBlank();
        assertThat(best.get("probability").getAsFloat()).isBetween(0f, 1f);

        assertThat(results.get(1).getAsJsonObject("error").get("code").getAsString())
                .isEqualTo("UNSUPPORTED_FORMAT");
        assertThat(results.get(2).getAsJsonObject("error").get("code").getAsString()).isEqualTo("EMPTY_IMAGE");
        assertThat(results.get(2).has("top")).isFalse();
    }

    @Test
    void usageErrorsAreTheOnlyFailures() {
        assertThatThrownBy(() -> Main.run(new String[] {"classify", "--model", "models/deit-test"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("at least one FILE");
        assertThatThrownBy(() -> Main.run(new String[] {"classify", "no/such/file.png"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> Main.run(new String[] {"classify", "--top-k", "zero", "data/images/coffee.png"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("--top-k takes a whole number");
        assertThatThrownBy(() -> Main.run(new String[] {"classify", "--model", "data", "data/images/coffee.png"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("has no model.pt");
        assertThatThrownBy(() -> Main.run(new String[] {"fly"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("unknown command 'fly'");
    }
}
