package io.deitstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Defaults that live in the repository: the launcher passes its root as {@code -Ddeitstream.home}. */
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
}
