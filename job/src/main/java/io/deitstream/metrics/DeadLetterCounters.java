package io.deitstream.metrics;

import io.deitstream.schema.ReasonCode;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * One {@code deadLettered} counter per reason code, labelled {@code reason}. All are registered up front so that a
 * dashboard shows a zero rather than a missing series before the first failure of a kind. Thread-safe: the
 * classifier counts from its batch thread and from Flink's timeout callback.
 */
public final class DeadLetterCounters {
    private final Map<ReasonCode, Counter> counters = new EnumMap<>(ReasonCode.class);

    public DeadLetterCounters(MetricGroup group) {
        for (ReasonCode reason : ReasonCode.values()) {
            counters.put(reason, group.addGroup("reason", reason.name()).counter("deadLettered", new ThreadSafeSimpleCounter()));
        }
    }

    public void inc(ReasonCode reason) {
        counters.get(reason).inc();
    }
}
