package io.deitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deitstream.config.DeitStreamOptions;
import io.deitstream.schema.Classification;
import io.deitstream.schema.ReasonCode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * What happens when inference goes wrong, on the real pipeline: a poison image makes libtorch fail its whole batch
 * (models/deit-poison-test), and images that overrun the timeout. Neither may fail the job or take other images
 * with it; both end as dead letters with their reason, and the metrics say so.
 */
class FailureSemanticsTest {

    @Test
    void aPoisonImageIsDeadLetteredAloneAndItsBatchMatesAreClassified() throws Exception {
        Map<String, String> options = Map.of(
                DeitStreamOptions.MODEL_DIR.key(), "models/deit-poison-test",
                DeitStreamOptions.BATCH_MAX_SIZE.key(), "8",
                // Long enough for the whole burst to reach the batcher: the poison shares a batch with good images.
                DeitStreamOptions.BATCH_MAX_DELAY.key(), "300 ms",
                DeitStreamOptions.PREPROCESS_PARALLELISM.key(), "1",
                DeitStreamOptions.CLASSIFY_PARALLELISM.key(), "1");
        try (LocalStack stack = LocalStack.builder(options).parallelism(1).inputPartitions(1).start();
                ImageEventProducer producer = stack.producer();
                OutputReader reader = stack.reader()) {
            Map<String, byte[]> images = new LinkedHashMap<>();
            for (int i = 0; i < 16; i++) {
                images.put(i == 5 ? "poison" : "good-" + i, i == 5 ? solidPng(13) : TestImages.png(i));
            }
            DeliveryTally tally = new DeliveryTally();
            Traffic.send(producer, Traffic.events(images), tally);
            Traffic.Outputs outcome = Traffic.await(stack, reader, tally, Duration.ofMinutes(2));

            assertThat(outcome.deadLetters()).singleElement().satisfies(d -> {
                assertThat(d.getId()).isEqualTo("poison");
                assertThat(d.getReason()).isEqualTo(ReasonCode.INFERENCE_FAILED);
                assertThat(d.getMessage()).contains("poison image in batch");
                assertThat(d.getPayload().remaining()).isPositive();
            });
            assertThat(outcome.classifications()).extracting(Classification::getId)
                    .containsExactlyInAnyOrderElementsOf(images.keySet().stream()
                            .filter(id -> !id.equals("poison")).toList());
            assertThat(outcome.classifications()).as("the poison's batch-mates went through smaller batches")
                    .anySatisfy(c -> assertThat(c.getBatchSize()).isLessThan(8));

            Map<String, Double> metrics = awaitMetric(new FlinkRest(stack), "classify", "classified", 15);
            assertThat(sum(metrics, "classify", "classified")).as(metrics.toString()).isEqualTo(15);
            assertThat(sum(metrics, "classify", "INFERENCE_FAILED.deadLettered")).isEqualTo(1);
            assertThat(sum(metrics, "classify", "batchSize_max")).as(metrics.keySet().toString()).isBetween(1.0, 8.0);
            assertThat(metrics.keySet()).anyMatch(name -> name.contains("device.cpu()"))
                    .anyMatch(name -> name.endsWith("inFlight"))
                    .anyMatch(name -> name.endsWith("modelLoadMillis"))
                    .anyMatch(name -> name.endsWith("latencyMillis_p99"))
                    .anyMatch(name -> name.endsWith("queueWaitMillis_median"))
                    .anyMatch(name -> name.endsWith("inferenceMillis_mean"));
            assertThat(stack.job().getJobStatus().get().isTerminalState()).isFalse();
        }
    }

    @Test
    void imagesThatOverrunTheTimeoutAreRetriedThenDeadLetteredAndTheJobRunsOn() throws Exception {
        Map<String, String> options = Map.of(
                DeitStreamOptions.MODEL_DIR.key(), "models/deit-test",
                DeitStreamOptions.BATCH_MAX_DELAY.key(), "1 ms",
                // Shorter than a forward pass here, so most images overrun every attempt.
                DeitStreamOptions.TIMEOUT.key(), "2 ms",
                DeitStreamOptions.TIMEOUT_RETRIES.key(), "1");
        try (LocalStack stack = LocalStack.builder(options).parallelism(2).inputPartitions(2).start();
                ImageEventProducer producer = stack.producer();
                OutputReader reader = stack.reader()) {
            DeliveryTally tally = new DeliveryTally();
            Traffic.send(producer, Traffic.pngEvents("image-", 0, 40), tally);
            Traffic.Outputs outcome = Traffic.await(stack, reader, tally, Duration.ofMinutes(2));

            assertThat(outcome.deadLetters()).isNotEmpty().allSatisfy(d -> {
                assertThat(d.getReason()).isEqualTo(ReasonCode.TIMEOUT);
                assertThat(d.getMessage()).contains("2 attempt(s)");
            });
            assertThat(tally.duplicates()).isZero();
            FlinkRest rest = new FlinkRest(stack);
            assertThat(rest.numRestarts()).isZero();
            assertThat(sum(awaitMetric(rest, "classify", "timeoutRetries", 1), "classify", "timeoutRetries"))
                    .isPositive();
            assertThat(stack.job().getJobStatus().get().isTerminalState()).isFalse();
        }
    }

    /** Waits until the summed metric reaches {@code atLeast}: REST metrics trail the job by the fetch interval. */
    private static Map<String, Double> awaitMetric(FlinkRest rest, String operator, String metric, double atLeast)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Double> metrics = rest.operatorMetrics(operator);
        while (sum(metrics, operator, metric) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(200);
            metrics = rest.operatorMetrics(operator);
        }
        return metrics;
    }

    /** The sum of every metric of {@code operator} whose name ends with {@code suffix}. */
    private static double sum(Map<String, Double> metrics, String operator, String suffix) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().startsWith(operator + ".") && e.getKey().endsWith("." + suffix))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** A PNG whose every pixel, after resize and crop, is {@code value} in all three channels. */
    private static byte[] solidPng(int value) throws Exception {
        BufferedImage image = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(value, value, value));
        g.fillRect(0, 0, 300, 300);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
