package io.deitstream.kafka;

import io.deitstream.config.DeliveryMode;
import io.deitstream.config.JobConfig;
import io.deitstream.ingest.RawRecord;
import io.deitstream.ingest.RawRecordDeserializer;
import io.deitstream.schema.Classification;
import io.deitstream.schema.DeadLetter;
import io.deitstream.sink.SingleObjectSerializer;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The production source and sinks, built from the job configuration. Tests may pass others to the job. */
public final class KafkaEndpoints {
    /** Well under the broker's default transaction.max.timeout.ms (15 min), which Flink's 1 h default exceeds. */
    private static final String TRANSACTION_TIMEOUT_MS = "60000";

    private KafkaEndpoints() {}

    public static KafkaSource<RawRecord> source(JobConfig config) {
        Properties properties = config.kafkaProperties();
        // Exactly-once downstream of us starts with not reading aborted input transactions.
        properties.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setGroupId(config.groupId())
                .setTopics(config.imagesTopic())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer())
                .setProperties(properties)
                .build();
    }

    public static KafkaSink<Classification> classificationSink(JobConfig config) {
        return sink(config, "classifications",
                new SingleObjectSerializer<>(config.classificationsTopic(), Classification.class,
                        Classification::getId));
    }

    public static KafkaSink<DeadLetter> deadLetterSink(JobConfig config) {
        return sink(config, "dead-letters",
                new SingleObjectSerializer<>(config.deadLetterTopic(), DeadLetter.class, DeadLetter::getId));
    }

    private static <T extends SpecificRecord> KafkaSink<T> sink(JobConfig config, String role,
            SingleObjectSerializer<T> serializer) {
        Properties properties = config.kafkaProperties();
        // A dead letter carries its payload; the producer must accept the largest one the job can write.
        properties.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(config.producerMaxRequestBytes()));
        boolean exactlyOnce = config.delivery() == DeliveryMode.EXACTLY_ONCE;
        if (exactlyOnce) {
            properties.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        }
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setKafkaProducerConfig(properties)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                // Two transactional sinks in one job need distinct prefixes; the group id scopes them per job.
                .setTransactionalIdPrefix(config.groupId() + "-" + role)
                .build();
    }
}
