package io.deitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deitstream.config.DeitStreamOptions;
import io.deitstream.inference.ModelRegistry;
import io.deitstream.schema.Classification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-slot devices on the real pipeline: four classify slots over two GPUs take them by subtask index and share one
 * model per GPU; after a task failure the slots close their models and load them again. The "GPUs" are real DJL model
 * loads on the CPU ({@code model.gpus-on-cpu}), since neither this machine nor a MiniCluster has GPUs to give.
 */
class GpuSlotsTest {

    @Test
    void slotsSpreadOverTheGpusShareAModelPerGpuAndReloadAfterARestart() throws Exception {
        FailOnceSource.reset();
        long loadsBefore = ModelRegistry.loadCount();
        Map<String, String> options = Map.of(
                DeitStreamOptions.MODEL_DIR.key(), "models/deit-test",
                DeitStreamOptions.MODEL_GPUS.key(), "0;1",
                DeitStreamOptions.MODEL_GPUS_ON_CPU.key(), "true",
                DeitStreamOptions.CLASSIFY_PARALLELISM.key(), "4",
                DeitStreamOptions.PREPROCESS_PARALLELISM.key(), "2",
                DeitStreamOptions.CHECKPOINT_INTERVAL.key(), "1 s");
        try (LocalStack stack = LocalStack.builder(options).parallelism(4).inputPartitions(2)
                        .wrapSource(FailOnceSource::wrap).start();
                ImageEventProducer producer = stack.producer();
                OutputReader reader = stack.reader()) {
            String cpuAsGpu0 = "cpu() as gpu(0)";
            String cpuAsGpu1 = "cpu() as gpu(1)";
            assertThat(ModelRegistry.loadCount() - loadsBefore).as("one load per GPU, not per slot").isEqualTo(2);
            assertThat(ModelRegistry.leaseCounts()).hasSize(2).allSatisfy((model, leases) -> {
                assertThat(model).containsAnyOf("@gpu(0)", "@gpu(1)");
                assertThat(leases).isEqualTo(2);
            });

            List<Classification> first = sendAndCollect(stack, producer, reader, 0, 40);
            assertThat(first).extracting(Classification::getDevice).containsOnly(cpuAsGpu0, cpuAsGpu1)
                    .contains(cpuAsGpu0, cpuAsGpu1);

            FailOnceSource.arm();
            assertThat(new FlinkRest(stack).awaitRestart(Duration.ofMinutes(1))).isGreaterThanOrEqualTo(1);
            assertThat(FailOnceSource.injectedFailures()).isEqualTo(1);

            List<Classification> second = sendAndCollect(stack, producer, reader, 40, 40);
            assertThat(second).extracting(Classification::getDevice).containsOnly(cpuAsGpu0, cpuAsGpu1);
            assertThat(ModelRegistry.loadCount() - loadsBefore).as("closed with the last slot, loaded again")
                    .isEqualTo(4);
            assertThat(ModelRegistry.leaseCounts()).hasSize(2).containsValues(2, 2);
        }
        assertThat(ModelRegistry.leaseCounts()).as("every model closed with its last slot").isEmpty();
    }

    /** Sends {@code count} images and returns their classifications; a restart may repeat earlier outputs. */
    private static List<Classification> sendAndCollect(LocalStack stack, ImageEventProducer producer,
            OutputReader reader, int from, int count) throws Exception {
        DeliveryTally tally = new DeliveryTally();
        Traffic.send(producer, Traffic.pngEvents("image-", from, count), tally);
        Traffic.Outputs outputs = Traffic.await(stack, reader, tally, Duration.ofMinutes(2));
        assertThat(outputs.deadLetters()).isEmpty();
        return outputs.classifications();
    }
}
