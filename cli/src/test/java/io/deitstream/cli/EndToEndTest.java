package io.deitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.deitstream.cli.DeliveryTally.Position;
import io.deitstream.config.DeitStreamOptions;
import io.deitstream.schema.Classification;
import io.deitstream.schema.DeadLetter;
import io.deitstream.schema.ReasonCode;
import io.deitstream.schema.TopClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real pipeline end to end: an in-JVM Kafka broker, the job on a Flink MiniCluster, the committed TorchScript test
 * model in DJL. Good images must come back classified exactly as the {@code classify} command classifies the same
 * file; bad records must come back as dead letters with the right reason; and every record must come back once.
 */
class EndToEndTest {
    private static final Path MODEL = Path.of("models/deit-test");
    private static final int IMAGES = 200;
    private static final int TOP_K = 5;

    private static List<Path> photos;
    private static Map<Path, List<JsonObject>> expectedTopK;

    /** What the {@code classify} command prints for each photo: the streaming path must agree with it. */
    @BeforeAll
    static void classifyPhotosWithTheCommand() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("data/images"))) {
            photos = files.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(photos).hasSizeGreaterThanOrEqualTo(6);
        List<String> args = new ArrayList<>(List.of("--model", MODEL.toString(), "--top-k", String.valueOf(TOP_K)));
        photos.forEach(photo -> args.add(photo.toString()));
        List<JsonObject> results = ClassifyCommandTest.classify(args.toArray(String[]::new));
        expectedTopK = new HashMap<>();
        for (int i = 0; i < photos.size(); i++) {
            List<JsonObject> top = new ArrayList<>();
            results.get(i).getAsJsonArray("top").forEach(entry -> top.add(entry.getAsJsonObject()));
            expectedTopK.put(photos.get(i), top);
        }
        // A test model that put every photo in the same class could not tell images apart.
        assertThat(expectedTopK.values().stream().map(top -> top.get(0).get("index").getAsInt()).distinct().count())
                .isGreaterThan(2);
    }

    @Test
    void everyRecordEndsAsOneClassificationOrOneDeadLetter() throws Exception {
        Map<String, String> options = Map.of(
                DeitStreamOptions.MODEL_DIR.key(), MODEL.toString(),
                DeitStreamOptions.TOP_K.key(), String.valueOf(TOP_K),
                DeitStreamOptions.CHECKPOINT_INTERVAL.key(), "1 s");
        try (LocalStack stack = LocalStack.builder(options).parallelism(2).inputPartitions(3).start();
                ImageEventProducer producer = stack.producer();
                OutputReader reader = stack.reader()) {
            Map<String, byte[]> images = new LinkedHashMap<>();
            Map<String, Path> photoById = new HashMap<>();
            for (int i = 0; i < IMAGES; i++) {
                Path photo = photos.get(i % photos.size());
                photoById.put("image-" + i, photo);
                images.put("image-" + i, Files.readAllBytes(photo));
            }
            Map<String, byte[]> badRecords = badRecords();
            DeliveryTally tally = new DeliveryTally();
            Map<Position, String> sentAt = new HashMap<>(Traffic.send(producer, Traffic.events(images), tally));
            sentAt.putAll(Traffic.send(producer, badRecords, tally));

            Traffic.Outputs outputs = Traffic.await(stack, reader, tally, Duration.ofMinutes(3));
            List<Classification> classifications = outputs.classifications();
            List<DeadLetter> deadLetters = outputs.deadLetters();

            assertThat(tally.sent()).isEqualTo(IMAGES + badRecords.size());
            assertThat(tally.classified() + tally.deadLettered()).isEqualTo(tally.sent());
            assertThat(tally.duplicates()).isZero();
            assertThat(tally.unexpected()).isZero();

            assertThat(classifications).hasSize(IMAGES);
            assertThat(classifications).extracting(Classification::getId)
                    .containsExactlyInAnyOrderElementsOf(photoById.keySet());
            for (Classification c : classifications) {
                assertSameTopK(c, expectedTopK.get(photoById.get(c.getId())));
                assertThat(c.getModelName()).isEqualTo("deit-test (random weights)");
                assertThat(c.getBatchSize()).isBetween(1, DeitStreamOptions.BATCH_MAX_SIZE.defaultValue());
                assertThat(sentAt.get(new Position(c.getSourceTopic(), c.getSourcePartition(), c.getSourceOffset())))
                        .isEqualTo(c.getId());
            }

            Map<String, ReasonCode> reasonByKey = new HashMap<>();
            for (DeadLetter d : deadLetters) {
                String key = sentAt.get(new Position(d.getSourceTopic(), d.getSourcePartition(), d.getSourceOffset()));
                reasonByKey.put(key, d.getReason());
                byte[] payload = new byte[d.getPayload().remaining()];
                d.getPayload().duplicate().get(payload);
                if (key.equals("too-large")) {
                    assertThat(payload).as("an oversized payload is left in the source topic").isEmpty();
                } else {
                    assertThat(payload).as("dead letter %s carries the original record", key)
                            .isEqualTo(badRecords.get(key));
                }
                assertThat(d.getMessage()).isNotBlank();
            }
            assertThat(reasonByKey).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "not-avro", ReasonCode.NOT_AVRO,
                    "unknown-schema", ReasonCode.UNKNOWN_SCHEMA,
                    "text-not-image", ReasonCode.UNSUPPORTED_FORMAT,
                    "truncated-png", ReasonCode.CORRUPT_IMAGE,
                    "empty-image", ReasonCode.EMPTY_IMAGE,
                    "too-large", ReasonCode.TOO_LARGE));
            assertThat(deadLetters).filteredOn(d -> d.getReason() == ReasonCode.EMPTY_IMAGE)
                    .extracting(DeadLetter::getId).containsExactly("empty-image");
        }
    }

    private static void assertSameTopK(Classification streamed, List<JsonObject> printed) {
        List<TopClass> top = streamed.getTopK();
        assertThat(top).extracting(TopClass::getIndex).as("top-k of %s", streamed.getId())
                .containsExactlyElementsOf(printed.stream().map(t -> t.get("index").getAsInt()).toList());
        assertThat(top).extracting(TopClass::getLabel)
                .containsExactlyElementsOf(printed.stream().map(t -> t.get("label").getAsString()).toList());
        for (int i = 0; i < top.size(); i++) {
            // Batched and single forward passes may round differently in the last bits; nothing more.
            assertThat(top.get(i).getProbability())
                    .isCloseTo(printed.get(i).get("probability").getAsFloat(), Offset.offset(1e-5f));
        }
    }

    /** One record per way a payload can be wrong, keyed by the Kafka key it is sent with. */
    private static Map<String, byte[]> badRecords() throws Exception {
        byte[] png = Files.readAllBytes(Path.of("data/images/chelsea.png"));
        byte[] unknownFingerprint = ImageEventProducer.encode("unknown-schema", png, null);
        unknownFingerprint[2] ^= (byte) 0xFF; // bytes 2..9 are the schema fingerprint
        // Twice the limit: too big for the dead letter too, which then points at the source record instead.
        byte[] huge = new byte[2 * DeitStreamOptions.MAX_IMAGE_BYTES.defaultValue()];
        new Random(7).nextBytes(huge);
        return Map.of(
                "not-avro", "{\"id\": \"json is not avro\"}".getBytes(StandardCharsets.UTF_8),
                "unknown-schema", unknownFingerprint,
                "text-not-image", ImageEventProducer.encode("text-not-image",
                        "just some text".getBytes(StandardCharsets.UTF_8), "text/plain"),
                "truncated-png", ImageEventProducer.encode("truncated-png", Arrays.copyOf(png, png.length / 3),
                        "image/png"),
                "empty-image", ImageEventProducer.encode("empty-image", new byte[0], "image/png"),
                "too-large", ImageEventProducer.encode("too-large", huge, "image/png"));
    }

}
