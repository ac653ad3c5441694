package io.deitstream.metrics;

import io.deitstream.schema.ReasonCode;
import java.util.function.IntSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The classify stage's metrics, on a group labelled with the slot's {@code device}. Histograms keep the last
 * {@value #WINDOW} values, which is what Flink's reporters summarise as quantiles.
 */
public final class ClassifyMetrics {
    private static final int WINDOW = 1024;

    private final Counter classified;
    private final Counter timeoutRetries;
    private final DeadLetterCounters deadLettered;
    private final Histogram batchSize;
    private final Histogram queueWaitMillis;
    private final Histogram inferenceMillis;
    private final Histogram latencyMillis;

    public ClassifyMetrics(MetricGroup operatorGroup, String device, IntSupplier inFlight, long modelLoadMillis,
            long warmupMillis) {
        MetricGroup group = operatorGroup.addGroup("device", device);
        classified = group.counter("classified", new ThreadSafeSimpleCounter());
        deadLettered = new DeadLetterCounters(group);
        timeoutRetries = group.counter("timeoutRetries", new ThreadSafeSimpleCounter());
        batchSize = group.histogram("batchSize", new DescriptiveStatisticsHistogram(WINDOW));
        queueWaitMillis = group.histogram("queueWaitMillis", new DescriptiveStatisticsHistogram(WINDOW));
        inferenceMillis = group.histogram("inferenceMillis", new DescriptiveStatisticsHistogram(WINDOW));
        latencyMillis = group.histogram("latencyMillis", new DescriptiveStatisticsHistogram(WINDOW));
        group.gauge("inFlight", inFlight::getAsInt);
        group.gauge("modelLoadMillis", () -> modelLoadMillis);
        group.gauge("warmupMillis", () -> warmupMillis);
    }

    /** One forward pass of {@code size} images that took {@code millis}. */
    public void batch(int size, long millis) {
        batchSize.update(size);
        inferenceMillis.update(millis);
    }

    /** One image classified: how long it queued for its batch, and how long since its event time. */
    public void classified(long queueMillis, long endToEndMillis) {
        classified.inc();
        queueWaitMillis.update(queueMillis);
        latencyMillis.update(endToEndMillis);
    }

    /** An image queued again after its attempt timed out. */
    public void timeoutRetry() {
        timeoutRetries.inc();
    }

    public void deadLettered(ReasonCode reason) {
        deadLettered.inc(reason);
    }
}
