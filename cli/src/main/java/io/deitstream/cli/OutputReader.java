package io.deitstream.cli;

import io.deitstream.schema.Classification;
import io.deitstream.schema.DeadLetter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads both output topics from the beginning, read_committed (so exactly-once output is seen only once its
 * transaction commits), and decodes the single-object records.
 */
public final class OutputReader implements AutoCloseable {
    /** What one poll returned. */
    public record Outputs(List<Classification> classifications, List<DeadLetter> deadLetters) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String classificationsTopic;
    private final BinaryMessageDecoder<Classification> classificationDecoder = Classification.getDecoder();
    private final BinaryMessageDecoder<DeadLetter> deadLetterDecoder = DeadLetter.getDecoder();

    public OutputReader(String bootstrapServers, String classificationsTopic, String deadLetterTopic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.classificationsTopic = classificationsTopic;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(classificationsTopic, deadLetterTopic)) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    public Outputs poll(Duration timeout) {
        List<Classification> classifications = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            try {
                if (record.topic().equals(classificationsTopic)) {
                    classifications.add(classificationDecoder.decode(record.value()));
                } else {
                    deadLetters.add(deadLetterDecoder.decode(record.value()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("undecodable output at " + record.topic() + "/" + record.partition()
                        + "@" + record.offset(), e);
            }
        }
        return new Outputs(classifications, deadLetters);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
