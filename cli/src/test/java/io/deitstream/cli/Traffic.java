package io.deitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deitstream.cli.DeliveryTally.Position;
import io.deitstream.schema.Classification;
import io.deitstream.schema.DeadLetter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/** What the streaming tests do over and over: send records, then collect every output they lead to. */
final class Traffic {
    private Traffic() {}

    /** Every output read while waiting. */
    record Outputs(List<Classification> classifications, List<DeadLetter> deadLetters) {}

    /** ImageEvents for the given images, keyed (and id'd) by their map keys. */
    static Map<String, byte[]> events(Map<String, byte[]> imagesById) {
        Map<String, byte[]> events = new LinkedHashMap<>();
        imagesById.forEach((id, image) -> events.put(id, ImageEventProducer.encode(id, image, null)));
        return events;
    }

    /** {@code count} small distinct PNG events with ids {@code prefix<seed>, prefix<seed+1>, ...}. */
    static Map<String, byte[]> pngEvents(String prefix, int seed, int count) {
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            images.put(prefix + (seed + i), TestImages.png(seed + i));
        }
        return events(images);
    }

    /**
     * Sends each record value under its key, waits until Kafka holds them all, tells the tally to expect each, and
     * returns which key landed at which position.
     */
    static Map<Position, String> send(ImageEventProducer producer, Map<String, byte[]> valuesByKey,
            DeliveryTally tally) throws Exception {
        Map<String, Future<RecordMetadata>> sends = new LinkedHashMap<>();
        valuesByKey.forEach((key, value) -> sends.put(key, producer.sendRaw(key, value)));
        producer.flush();
        Map<Position, String> keyAt = new HashMap<>();
        for (Map.Entry<String, Future<RecordMetadata>> sent : sends.entrySet()) {
            Position position = Position.of(sent.getValue().get());
            tally.expect(position);
            keyAt.put(position, sent.getKey());
        }
        return keyAt;
    }

    /** Reads until every expected record has an output; fails the test if that takes longer than the timeout. */
    static Outputs await(LocalStack stack, OutputReader reader, DeliveryTally tally, Duration timeout) {
        List<Classification> classifications = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        boolean complete = stack.await(reader, tally, timeout, outputs -> {
            classifications.addAll(outputs.classifications());
            deadLetters.addAll(outputs.deadLetters());
        });
        assertThat(complete).as(tally.summary()).isTrue();
        return new Outputs(classifications, deadLetters);
    }
}
