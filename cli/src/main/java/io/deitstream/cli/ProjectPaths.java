package io.deitstream.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the commands find things: defaults in the repository (the launcher passes its root as -Ddeitstream.home). */
final class ProjectPaths {
    private ProjectPaths() {}

    static Path home() {
        return Path.of(System.getProperty("deitstream.home", ".")).toAbsolutePath().normalize();
    }

    /** The real model once exported to its default place; otherwise the committed random-weight test model. */
    static Path defaultModel() {
        Path real = home().resolve("models/deit-base-distilled-patch16-224");
        return Files.isRegularFile(real.resolve("model.pt")) ? real : testModel();
    }

    static Path testModel() {
        return home().resolve("models/deit-test");
    }

    static Path defaultImages() {
        return home().resolve("data/images");
    }

    /** Every regular file directly in {@code dir}, sorted; {@code option} names the flag in the error. */
    static List<Path> regularFiles(Path dir, String option) throws IOException, UsageException {
        if (!Files.isDirectory(dir)) {
            throw new UsageException(option + ": not a directory: " + dir);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> files = entries.filter(Files::isRegularFile).sorted().toList();
            if (files.isEmpty()) {
                throw new UsageException(option + ": no regular files in " + dir);
            }
            return files;
        }
    }
}
