package io.deitstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deitstream.image.ImageRejectedException;
import io.deitstream.schema.ImageEvent;
import io.deitstream.schema.ReasonCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageEventParserTest {
    private final ImageEventParser parser = new ImageEventParser();

    private static byte[] encoded() throws Exception {
        ByteBuffer buffer = ImageEvent.newBuilder().setId("cat-1").setEventTime(Instant.ofEpochMilli(1234))
                .setImage(ByteBuffer.wrap(new byte[] {1, 2, 3})).setAttributes(Map.of("camera", "7")).build()
                .toByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void decodesSingleObjectEncoding() throws Exception {
        ImageEvent event = parser.parse(encoded());
        assertThat(event.getId()).isEqualTo("cat-1");
        assertThat(event.getEventTime()).isEqualTo(Instant.ofEpochMilli(1234));
        assertThat(event.getAttributes()).containsEntry("camera", "7");
    }

    @Test
    void textIsNotAvro() {
        assertReason("hello".getBytes(StandardCharsets.UTF_8), ReasonCode.NOT_AVRO);
        assertReason(new byte[0], ReasonCode.NOT_AVRO);
    }

    @Test
    void aForeignFingerprintIsAnUnknownSchema() throws Exception {
        byte[] bytes = encoded();
        bytes[5] ^= 0x55;
        assertReason(bytes, ReasonCode.UNKNOWN_SCHEMA);
    }

    @Test
    void aTruncatedBodyIsNotAvro() throws Exception {
        byte[] bytes = encoded();
        assertReason(Arrays.copyOf(bytes, 14), ReasonCode.NOT_AVRO);
    }

    private void assertReason(byte[] value, ReasonCode reason) {
        assertThatThrownBy(() -> parser.parse(value))
                .isInstanceOf(ImageRejectedException.class)
                .satisfies(e -> assertThat(((ImageRejectedException) e).reason()).isEqualTo(reason));
    }
}
