package io.deitstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    @Test
    void aFullBatchLeavesWithoutWaitingForTheDelay() throws Exception {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        // A delay far beyond the test's patience: only the size rule can release these batches.
        try (MicroBatcher<Integer> batcher = new MicroBatcher<>(4, Duration.ofHours(1), batch -> {
            batches.add(List.copyOf(batch));
            if (batch.contains(7)) {
                done.countDown();
            }
        }, "test-batcher")) {
            for (int i = 0; i < 8; i++) {
                batcher.submit(i);
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(batches).containsExactly(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7));
    }

    @Test
    void aPartialBatchLeavesAfterTheDelay() throws Exception {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        try (MicroBatcher<Integer> batcher = new MicroBatcher<>(100, Duration.ofMillis(50), batch -> {
            batches.add(List.copyOf(batch));
            done.countDown();
        }, "test-batcher")) {
            batcher.submit(1);
            batcher.submit(2);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(batches).containsExactly(List.of(1, 2));
    }

    @Test
    void aThrowingProcessorDoesNotStopTheWorker() throws Exception {
        CountDownLatch second = new CountDownLatch(1);
        try (MicroBatcher<Integer> batcher = new MicroBatcher<>(1, Duration.ofMillis(1), batch -> {
            if (batch.get(0) == 1) {
                throw new IllegalStateException("boom");
            }
            second.countDown();
        }, "test-batcher")) {
            batcher.submit(1);
            batcher.submit(2);
            assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
