package io.deitstream.ingest;

/**
 * A Kafka record's value and coordinates, before any parsing. The source emits these so that a payload which is not
 * Avro becomes a dead letter downstream instead of a deserialization failure that restarts the job.
 */
public class RawRecord {
    public String topic;
    public int partition;
    public long offset;
    /** The record value; empty (never null) for a tombstone. */
    public byte[] value;

    /** For Flink's POJO serializer. */
    public RawRecord() {}

    public RawRecord(String topic, int partition, long offset, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.value = value;
    }
}
