package io.deitstream.cli;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import io.deitstream.config.DeitStreamOptions;
import io.deitstream.image.ImageLimits;
import io.deitstream.image.ImagePreprocessor;
import io.deitstream.inference.DeitTranslator;
import io.deitstream.inference.DeviceAssignment;
import io.deitstream.inference.ModelDirectory;
import io.deitstream.inference.ModelRegistry;
import io.deitstream.inference.PixelBatch;
import io.deitstream.inference.Prediction;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code bench [--model DIR] [--images DIR] [--batch-sizes 1,4,16] [--seconds S]}: the hot path's two halves, measured
 * side by side in one run so that ratios survive a noisy machine. Preprocessing (decode, RGB, resize, crop) per image
 * on one thread, and forward passes (copy in, model, softmax, top-k) per batch size on this machine's device. This is
 * how batch.max-size and batch.max-delay are chosen: the size where images/s stops rising, and a delay of about one
 * forward pass of that size.
 */
final class BenchCommand {
    static final Set<String> OPTIONS = Set.of("model", "images", "batch-sizes", "seconds");
    static final Set<String> FLAGS = Set.of();

    private final Args args;
    private final PrintStream out;

    BenchCommand(Args args, PrintStream out) {
        this.args = args;
        this.out = out;
    }

    int run() throws Exception {
        ModelDirectory model = ModelDirectory.open(Path.of(args.get("model", ProjectPaths.defaultModel().toString())));
        List<byte[]> files = new ArrayList<>();
        for (Path file : ProjectPaths.regularFiles(Path.of(args.get("images", ProjectPaths.defaultImages().toString())),
                "--images")) {
            files.add(Files.readAllBytes(file));
        }
        double seconds = args.getInt("seconds", 5, 1);
        List<Integer> batchSizes = new ArrayList<>();
        for (String size : args.get("batch-sizes", "1,2,4,8,16,32").split(",")) {
            batchSizes.add(Integer.parseInt(size.trim()));
        }

        ImagePreprocessor preprocessor = new ImagePreprocessor(new ImageLimits(
                DeitStreamOptions.MAX_IMAGE_BYTES.defaultValue(), DeitStreamOptions.MAX_PIXELS.defaultValue()));
        List<byte[]> crops = new ArrayList<>();
        for (byte[] file : files) {
            crops.add(preprocessor.preprocess(file));
        }
        out.printf(Locale.ROOT, "model %s (%s), %d images, %.0f s per measurement%n", model.name(), model.dtype(),
                files.size(), seconds);
        double preprocessRate = rate(seconds, () -> {
            for (byte[] file : files) {
                preprocessor.preprocess(file);
            }
            return files.size();
        });
        out.printf(Locale.ROOT, "preprocess: %.1f images/s on one thread%n", preprocessRate);

        try (ModelRegistry.Lease lease = ModelRegistry.acquire(model, new DeviceAssignment(Device.cpu(), Device.cpu()));
                Predictor<PixelBatch, List<Prediction>> predictor =
                        lease.model().newPredictor(new DeitTranslator(model.labels(), 5))) {
            out.println("batch  images/s  ms/forward  vs batch " + batchSizes.get(0));
            double baseline = 0;
            for (int size : batchSizes) {
                PixelBatch batch = new PixelBatch(size);
                for (int i = 0; i < size; i++) {
                    batch.add(crops.get(i % crops.size()));
                }
                predictor.predict(batch); // the first pass at a new size pays for allocation
                double imagesPerSecond = rate(seconds, () -> predictor.predict(batch).size());
                baseline = baseline == 0 ? imagesPerSecond : baseline;
                out.printf(Locale.ROOT, "%5d  %8.1f  %10.1f  %.2fx%n", size, imagesPerSecond,
                        1000.0 * size / imagesPerSecond, imagesPerSecond / baseline);
            }
        }
        return 0;
    }

    private interface Work {
        int run() throws Exception;
    }

    /** Repeats the work for about {@code seconds} and returns items per second. */
    private static double rate(double seconds, Work work) throws Exception {
        long start = System.nanoTime();
        long items = 0;
        while (System.nanoTime() - start < seconds * 1e9) {
            items += work.run();
        }
        return items / ((System.nanoTime() - start) / 1e9);
    }
}
