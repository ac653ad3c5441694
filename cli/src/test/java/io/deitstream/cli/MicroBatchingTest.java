package io.deitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deitstream.config.DeitStreamOptions;
import io.deitstream.schema.Classification;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The batcher's two rules on the real pipeline. Paced images (one every 3 x max-delay) each leave alone, after about
 * max-delay; a burst fills batches to max-size. Times are the classifier's own (queue wait plus forward pass, from
 * each Classification), compared with forward passes measured in the same run, not with fixed budgets.
 */
class MicroBatchingTest {
    private static final int MAX_SIZE = 8;
    private static final Duration MAX_DELAY = Duration.ofMillis(100);

    @Test
    void pacedImagesLeaveAloneWithinTheDelayAndABurstFillsTheBatches() throws Exception {
        Map<String, String> options = Map.of(
                DeitStreamOptions.MODEL_DIR.key(), "models/deit-test",
                DeitStreamOptions.BATCH_MAX_SIZE.key(), String.valueOf(MAX_SIZE),
                DeitStreamOptions.BATCH_MAX_DELAY.key(), MAX_DELAY.toMillis() + " ms",
                DeitStreamOptions.PREPROCESS_PARALLELISM.key(), "2",
                DeitStreamOptions.CLASSIFY_PARALLELISM.key(), "1");
        try (LocalStack stack = LocalStack.builder(options).parallelism(2).inputPartitions(2).start();
                ImageEventProducer producer = stack.producer();
                OutputReader reader = stack.reader()) {
            DeliveryTally pacedTally = new DeliveryTally();
            for (int i = 0; i < 20; i++) {
                Traffic.send(producer, Traffic.pngEvents("paced-", i, 1), pacedTally);
                Thread.sleep(3 * MAX_DELAY.toMillis());
            }
            List<Classification> paced = Traffic.await(stack, reader, pacedTally, Duration.ofMinutes(1))
                    .classifications();

            // p99 against p99: a forward pass here is as long as the slowest ones measured in the same run.
            double forwardMillis = quantile(paced.stream()
                    .mapToDouble(c -> c.getTimings().getInferenceMicros() / 1e3).toArray(), 0.99);
            double p99Millis = quantile(paced.stream().mapToDouble(c ->
                    (c.getTimings().getQueueMicros() + c.getTimings().getInferenceMicros()) / 1e3).toArray(), 0.99);
            System.out.printf("paced: mean_batch=%.2f p99_classify_ms=%.1f forward_ms=%.1f%n",
                    pacedTally.meanBatch(), p99Millis, forwardMillis);
            assertThat(pacedTally.meanBatch()).isEqualTo(1.0);
            assertThat(p99Millis).isLessThan(MAX_DELAY.toMillis() + 2 * forwardMillis);
            assertThat(p99Millis).as("a lone image waits out the delay").isGreaterThanOrEqualTo(
                    MAX_DELAY.toMillis() * 0.9);

            DeliveryTally burstTally = new DeliveryTally();
            Traffic.send(producer, Traffic.pngEvents("burst-", 100, 4 * MAX_SIZE), burstTally);
            Traffic.await(stack, reader, burstTally, Duration.ofMinutes(1));
            System.out.printf("burst: mean_batch=%.2f%n", burstTally.meanBatch());
            assertThat(burstTally.meanBatch()).isGreaterThanOrEqualTo(0.75 * MAX_SIZE);
        }
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
