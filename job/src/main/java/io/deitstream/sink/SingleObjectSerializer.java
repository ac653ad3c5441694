package io.deitstream.sink;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a generated Avro record as single-object encoding (marker, schema fingerprint, body), keyed by its id so that
 * all results for one image land on one partition. One class serves every output record type.
 */
public final class SingleObjectSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    /** Extracts the record key; null lets Kafka spread keyless records. */
    public interface KeyOf<T> extends Function<T, String>, Serializable {}

    private final String topic;
    private final Class<T> type;
    private final KeyOf<T> keyOf;
    private transient BinaryMessageEncoder<T> encoder;

    public SingleObjectSerializer(String topic, Class<T> type, KeyOf<T> keyOf) {
        this.topic = topic;
        this.type = type;
        this.keyOf = keyOf;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        SpecificData model = SpecificData.getForClass(type);
        encoder = new BinaryMessageEncoder<>(model, model.getSchema(type));
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
        try {
            ByteBuffer encoded = encoder.encode(record);
            byte[] value = new byte[encoded.remaining()];
            encoded.get(value);
            String key = keyOf.apply(record);
            return new ProducerRecord<>(topic, null, timestamp,
                    key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }
}
