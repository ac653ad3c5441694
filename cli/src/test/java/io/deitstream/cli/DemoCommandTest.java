package io.deitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newcomer's first command, in-process: whatever is in the directory comes back, and the summary says so. */
class DemoCommandTest {

    @Test
    void everyFileComesBackAndTheLastLineIsTheSummary(@TempDir Path images) throws Exception {
        Files.copy(Path.of("data/images/coffee.png"), images.resolve("coffee.png"));
        Files.copy(Path.of("data/images/rocket.jpg"), images.resolve("rocket.jpg"));
        Files.writeString(images.resolve("notes.txt"), "not an image");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        int status = new DemoCommand(Args.parse(new String[] {"--images", images.toString(), "--repeat", "2"},
                DemoCommand.OPTIONS, DemoCommand.FLAGS), new PrintStream(stdout, true, StandardCharsets.UTF_8)).run();

        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(status).isZero();
        assertThat(lines).filteredOn(line -> line.startsWith("classified ")).hasSize(4);
        assertThat(lines).filteredOn(line -> line.startsWith("dead-letter ")).hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("notes.txt#").contains("UNSUPPORTED_FORMAT"));
        assertThat(lines.get(lines.size() - 1))
                .startsWith("summary: sent=6 classified=4 dead_lettered=2 duplicates=0 missing=0 mean_batch=");
    }

    @Test
    void resultsStillMissingAtTheTimeoutGiveTheSummaryAndExitOne(@TempDir Path images) throws Exception {
        Files.copy(Path.of("data/images/hubble_deep_field.jpg"), images.resolve("hubble.jpg"));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        // 400 large JPEGs take two preprocess subtasks seconds on any CPU: far more than the 1 s allowed.
        int status = new DemoCommand(Args.parse(new String[] {"--images", images.toString(), "--repeat", "400",
                "--timeout", "1"}, DemoCommand.OPTIONS, DemoCommand.FLAGS),
                new PrintStream(stdout, true, StandardCharsets.UTF_8)).run();

        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(status).isEqualTo(1);
        assertThat(lines.get(lines.size() - 1)).startsWith("summary: sent=400 ").doesNotContain("missing=0 ");
    }
}
