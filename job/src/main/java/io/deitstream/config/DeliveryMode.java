package io.deitstream.config;

import java.util.Locale;

/** What the job promises about each input record reaching an output topic. */
public enum DeliveryMode {
    /** Checkpointed source offsets; a restart may replay records, so outputs can repeat. Nothing is lost. */
    AT_LEAST_ONCE,
    /** Checkpoints plus Kafka transactions: each record ends as exactly one output for read_committed consumers. */
    EXACTLY_ONCE;

    /** The spelling users type ({@code exactly-once}); Flink's option parser matches enums by toString. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
