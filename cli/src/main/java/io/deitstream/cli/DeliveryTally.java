package io.deitstream.cli;

import io.deitstream.schema.Classification;
import io.deitstream.schema.DeadLetter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Accounts for every record sent by its Kafka coordinates (topic, partition, offset), which every output carries, so
 * even a record too broken to have an id is accounted for: each must end as a classification or a dead letter.
 */
public final class DeliveryTally {
    /** Where a record sits in Kafka: the identity that survives any payload. */
    public record Position(String topic, int partition, long offset) {
        public static Position of(RecordMetadata sent) {
            return new Position(sent.topic(), sent.partition(), sent.offset());
        }
    }

    private final Map<Position, Integer> outputsBySent = new HashMap<>();
    private int classified;
    private int deadLettered;
    private int unexpected;
    /** Σ 1/batch_size over classified images = the number of forward passes they took. */
    private double forwardPasses;
    private final List<Long> latenciesMillis = new ArrayList<>();

    public void expect(Position sent) {
        outputsBySent.putIfAbsent(sent, 0);
    }

    public void add(Classification c) {
        classified++;
        forwardPasses += 1.0 / c.getBatchSize();
        latenciesMillis.add(c.getClassifiedTime().toEpochMilli() - c.getEventTime().toEpochMilli());
        count(new Position(c.getSourceTopic(), c.getSourcePartition(), c.getSourceOffset()));
    }

    public void add(DeadLetter d) {
        deadLettered++;
        count(new Position(d.getSourceTopic(), d.getSourcePartition(), d.getSourceOffset()));
    }

    private void count(Position position) {
        Integer seen = outputsBySent.get(position);
        if (seen == null) {
            unexpected++;
        } else {
            outputsBySent.put(position, seen + 1);
        }
    }

    public int sent() { return outputsBySent.size(); }
    public int classified() { return classified; }
    public int deadLettered() { return deadLettered; }
    /** Outputs for records this tally was not told about (another run's leftovers, say). */
    public int unexpected() { return unexpected; }

    /** Outputs beyond the first for the same record. */
    public int duplicates() {
        return outputsBySent.values().stream().mapToInt(n -> Math.max(0, n - 1)).sum();
    }

    public int missing() {
        return (int) outputsBySent.values().stream().filter(n -> n == 0).count();
    }

    public boolean complete() {
        return missing() == 0;
    }

    /** Images per forward pass, over the classified images. */
    public double meanBatch() {
        return forwardPasses == 0 ? 0 : classified / forwardPasses;
    }

    /** End-to-end latency (event time to classification) at quantile q, nearest rank; 0 with no data. */
    public long latencyMillis(double q) {
        if (latenciesMillis.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(latenciesMillis);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    public String summary() {
        return String.format(Locale.ROOT,
                "summary: sent=%d classified=%d dead_lettered=%d duplicates=%d missing=%d mean_batch=%.2f"
                        + " p50_ms=%d p99_ms=%d",
                sent(), classified, deadLettered, duplicates(), missing(), meanBatch(), latencyMillis(0.50),
                latencyMillis(0.99));
    }
}
