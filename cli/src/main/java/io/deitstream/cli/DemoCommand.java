package io.deitstream.cli;

import io.deitstream.config.DeitStreamOptions;
import io.deitstream.config.DeliveryMode;
import io.deitstream.schema.Classification;
import io.deitstream.schema.DeadLetter;
import io.deitstream.schema.TopClass;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code demo}: the whole system on one machine. Starts an embedded broker and the job on a local Flink cluster, sends
 * every regular file of the image directory as an ImageEvent, prints each result as it arrives, and ends with a
 * summary line once every sent record came back as a classification or a dead letter (exit 0), or at the timeout
 * (exit 1). Results go to stdout; logs go to stderr.
 */
final class DemoCommand {
    static final Set<String> OPTIONS = Set.of("images", "repeat", "delivery", "timeout");
    static final Set<String> FLAGS = Set.of();
    /** Two slots: this machine class has two cores. Both preprocess; one classifies, as several cores feed a GPU. */
    private static final int PARALLELISM = 2;
    private static final int INPUT_PARTITIONS = 4;

    private final Args args;
    private final PrintStream out;

    DemoCommand(Args args, PrintStream out) {
        this.args = args;
        this.out = out;
    }

    int run() throws Exception {
        Path imagesDir = Path.of(args.get("images", ProjectPaths.defaultImages().toString()));
        List<Path> files = ProjectPaths.regularFiles(imagesDir, "--images");
        int repeat = args.getInt("repeat", 1, 1);
        Duration timeout = Duration.ofSeconds(args.getInt("timeout", 300, 1));
        DeliveryMode delivery = parseDelivery(args.get("delivery", DeliveryMode.AT_LEAST_ONCE.toString()));
        Path model = ProjectPaths.defaultModel();
        if (model.equals(ProjectPaths.testModel())) {
            System.err.println("deit-stream demo: using the committed TEST model " + model + ". Its weights are RANDOM:"
                    + " the labels below are meaningless. Export the real weights (see README) for real results.");
        }

        Map<String, String> options = Map.of(
                DeitStreamOptions.MODEL_DIR.key(), model.toString(),
                DeitStreamOptions.PREPROCESS_PARALLELISM.key(), String.valueOf(PARALLELISM),
                DeitStreamOptions.CLASSIFY_PARALLELISM.key(), "1",
                DeitStreamOptions.DELIVERY.key(), delivery.toString(),
                // Exactly-once output is visible at checkpoints; a short interval keeps the demo responsive.
                DeitStreamOptions.CHECKPOINT_INTERVAL.key(), "1 s");
        System.err.println("deit-stream demo: starting embedded Kafka and a local Flink cluster...");
        try (LocalStack stack = LocalStack.builder(options).parallelism(PARALLELISM)
                        .inputPartitions(INPUT_PARTITIONS).start();
                ImageEventProducer producer = stack.producer();
                OutputReader reader = stack.reader()) {
            System.err.println("deit-stream demo: Flink web UI at " + stack.webUrl());
            DeliveryTally tally = new DeliveryTally();
            send(producer, files, repeat, tally);
            System.err.println("deit-stream demo: sent " + tally.sent() + " image events; waiting for results...");
            boolean complete = stack.await(reader, tally, timeout, this::print);
            out.println(tally.summary());
            if (!complete) {
                System.err.println("deit-stream demo: " + tally.missing() + " results still missing after " + timeout);
            }
            return complete ? 0 : 1;
        }
    }

    private static DeliveryMode parseDelivery(String text) throws UsageException {
        for (DeliveryMode mode : DeliveryMode.values()) {
            if (mode.toString().equals(text)) {
                return mode;
            }
        }
        throw new UsageException("--delivery takes at-least-once or exactly-once, not '" + text + "'");
    }

    /** Sends everything, then waits once; a file Kafka refuses (too big for the topic) is reported, not counted. */
    private static void send(ImageEventProducer producer, List<Path> files, int repeat, DeliveryTally tally)
            throws IOException, InterruptedException {
        Map<String, Future<RecordMetadata>> sends = new LinkedHashMap<>();
        for (int round = 0; round < repeat; round++) {
            for (Path file : files) {
                String id = file.getFileName() + "#" + round;
                sends.put(id, producer.send(id, Files.readAllBytes(file), null));
            }
        }
        producer.flush();
        for (Map.Entry<String, Future<RecordMetadata>> sent : sends.entrySet()) {
            try {
                tally.expect(DeliveryTally.Position.of(sent.getValue().get()));
            } catch (ExecutionException e) {
                System.err.println("deit-stream demo: Kafka refused " + sent.getKey() + ", not counted as sent: "
                        + e.getCause().getMessage());
            }
        }
    }

    private void print(OutputReader.Outputs outputs) {
        for (Classification c : outputs.classifications()) {
            String top = c.getTopK().stream().limit(3).map(DemoCommand::describe).collect(Collectors.joining(", "));
            out.printf(Locale.ROOT, "classified   %-24s %s  [batch=%d device=%s preprocess_ms=%.1f queue_ms=%.1f"
                    + " inference_ms=%.1f latency_ms=%d]%n", c.getId(), top, c.getBatchSize(), c.getDevice(),
                    c.getTimings().getPreprocessMicros() / 1e3, c.getTimings().getQueueMicros() / 1e3,
                    c.getTimings().getInferenceMicros() / 1e3,
                    c.getClassifiedTime().toEpochMilli() - c.getEventTime().toEpochMilli());
        }
        for (DeadLetter d : outputs.deadLetters()) {
            out.printf(Locale.ROOT, "dead-letter  %-24s %s: %s%n", d.getId(), d.getReason(), d.getMessage());
        }
        out.flush();
    }

    private static String describe(TopClass topClass) {
        return String.format(Locale.ROOT, "%s (%.3f)", topClass.getLabel(), topClass.getProbability());
    }
}
