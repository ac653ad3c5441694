package io.deitstream.cli;

import io.deitstream.schema.ImageEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes ImageEvents (Avro single-object encoding, keyed by id) to the input topic, as a user's producer would. */
public final class ImageEventProducer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    public ImageEventProducer(String bootstrapServers, String topic, int maxRequestBytes) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    public static byte[] encode(String id, byte[] image, String contentType) {
        try {
            ImageEvent event = ImageEvent.newBuilder()
                    .setId(id)
                    .setEventTime(Instant.now())
                    .setImage(ByteBuffer.wrap(image))
                    .setContentType(contentType)
                    .setSource("deit-stream")
                    .setAttributes(Map.of())
                    .build();
            ByteBuffer encoded = event.toByteBuffer();
            byte[] value = new byte[encoded.remaining()];
            encoded.get(value);
            return value;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Future<RecordMetadata> send(String id, byte[] image, String contentType) {
        return sendRaw(id, encode(id, image, contentType));
    }

    /** Any bytes at all as the record value: how tests and the demo exercise the dead-letter path. */
    public Future<RecordMetadata> sendRaw(String key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }

    /** Blocks until every send so far has been acknowledged or has failed. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
