package io.deitstream.config;

import java.util.Locale;

/** Whether classifications leave in arrival order; ordered trades latency for order under uneven batches. */
public enum OutputOrder {
    /** Results leave as soon as their batch completes. */
    UNORDERED,
    /** Results leave in the order images reached the classifier (per partition, offset order, when chained). */
    ORDERED;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
