package io.deitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deitstream.config.DeitStreamOptions;
import io.deitstream.config.DeliveryMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Delivery across a real failure: 1000 images over 3 partitions, source parallelism 2, and the source throws once
 * after a checkpoint has completed and at least 100 outputs are committed. Flink restarts the job from the
 * checkpoint; counted by source offset, exactly-once loses and repeats nothing, at-least-once loses nothing.
 */
class DeliveryGuaranteeTest {
    private static final int IMAGES = 1000;

    @ParameterizedTest
    @EnumSource(DeliveryMode.class)
    void noImageIsLostAcrossARestart(DeliveryMode delivery) throws Exception {
        FailOnceSource.reset();
        Map<String, String> options = Map.of(
                DeitStreamOptions.MODEL_DIR.key(), "models/deit-test",
                DeitStreamOptions.DELIVERY.key(), delivery.toString(),
                DeitStreamOptions.CHECKPOINT_INTERVAL.key(), "1 s",
                DeitStreamOptions.PREPROCESS_PARALLELISM.key(), "2",
                DeitStreamOptions.CLASSIFY_PARALLELISM.key(), "2");
        try (LocalStack stack = LocalStack.builder(options).parallelism(2).inputPartitions(3)
                        .wrapSource(FailOnceSource::wrap).start();
                ImageEventProducer producer = stack.producer();
                OutputReader reader = stack.reader()) {
            DeliveryTally tally = new DeliveryTally();
            Traffic.send(producer, Traffic.pngEvents("image-", 0, IMAGES / 2), tally);

            // Let the job commit real progress first, so the restart has something to resume from.
            stack.awaitUntil(reader, tally,
                    () -> tally.classified() >= 100 && FailOnceSource.completedCheckpoints() >= 1,
                    Duration.ofMinutes(2), outputs -> { });
            assertThat(tally.classified()).as("committed outputs before the failure").isGreaterThanOrEqualTo(100);
            FailOnceSource.arm();
            Traffic.send(producer, Traffic.pngEvents("image-", IMAGES / 2, IMAGES - IMAGES / 2), tally);

            boolean complete = stack.await(reader, tally, Duration.ofMinutes(3), outputs -> { });
            // Duplicates of late records may still be on their way; read a little longer so they are counted.
            stack.awaitUntil(reader, tally, () -> false, Duration.ofSeconds(3), outputs -> { });

            assertThat(FailOnceSource.injectedFailures()).isEqualTo(1);
            assertThat(new FlinkRest(stack).awaitRestart(Duration.ofSeconds(30))).isGreaterThanOrEqualTo(1);
            assertThat(complete).as(tally.summary()).isTrue();
            assertThat(tally.sent()).isEqualTo(IMAGES);
            assertThat(tally.missing()).as(tally.summary()).isZero();
            assertThat(tally.deadLettered()).isZero();
            assertThat(tally.unexpected()).isZero();
            if (delivery == DeliveryMode.EXACTLY_ONCE) {
                assertThat(tally.duplicates()).as(tally.summary()).isZero();
            }
            System.out.println(delivery + " across one injected failure: " + tally.summary());
        }
    }
}
