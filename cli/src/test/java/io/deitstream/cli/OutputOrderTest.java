package io.deitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deitstream.config.DeitStreamOptions;
import io.deitstream.schema.Classification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code output.order=ordered}: per input partition, classifications leave in offset order. The output topic has one
 * partition, so the order a reader sees is the order the job emitted.
 */
class OutputOrderTest {

    @Test
    void orderedOutputKeepsEachPartitionsOffsetOrder() throws Exception {
        Map<String, String> options = Map.of(
                DeitStreamOptions.MODEL_DIR.key(), "models/deit-test",
                DeitStreamOptions.OUTPUT_ORDER.key(), "ordered",
                DeitStreamOptions.BATCH_MAX_SIZE.key(), "4");
        try (LocalStack stack = LocalStack.builder(options).parallelism(2).inputPartitions(2).outputPartitions(1)
                        .start();
                ImageEventProducer producer = stack.producer();
                OutputReader reader = stack.reader()) {
            DeliveryTally tally = new DeliveryTally();
            Traffic.send(producer, Traffic.pngEvents("image-", 0, 100), tally);
            List<Classification> received = Traffic.await(stack, reader, tally, Duration.ofMinutes(1))
                    .classifications();

            Map<Integer, List<Long>> offsetsByPartition = new HashMap<>();
            for (Classification c : received) {
                offsetsByPartition.computeIfAbsent(c.getSourcePartition(), p -> new ArrayList<>())
                        .add(c.getSourceOffset());
            }
            assertThat(offsetsByPartition).hasSize(2);
            offsetsByPartition.values().forEach(offsets -> assertThat(offsets).isSorted().doesNotHaveDuplicates());
        }
    }
}
