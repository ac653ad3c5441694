package io.deitstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deitstream.image.ImageRejectedException;
import io.deitstream.schema.ImageEvent;
import io.deitstream.schema.ReasonCode;
import java.lang.management.ManagementFactory;
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

    /**
     * Length prefixes that claim far more than the record holds: Avro would allocate them (an OutOfMemoryError for a
     * 2 GB claim), so each must be refused as NOT_AVRO before decoding, having allocated next to nothing.
     */
    @Test
    void lengthsBeyondTheRecordAreRefusedWithoutAllocating() throws Exception {
        byte[] valid = encoded();
        byte[] hugeId = Arrays.copyOf(valid, 16);
        System.arraycopy(varint(Integer.MAX_VALUE - 8), 0, hugeId, 10, 5);
        long allocated = allocatedBytes();
        assertReason(hugeId, ReasonCode.NOT_AVRO);
        assertThat(allocatedBytes() - allocated).isLessThan(1 << 20);

        byte[] negativeId = Arrays.copyOf(valid, 16);
        System.arraycopy(varint(-5), 0, negativeId, 10, 1);
        assertReason(negativeId, ReasonCode.NOT_AVRO);

        // id "cat-1" (1 + 5 bytes), event_time 1234 (2 bytes), then the image's length.
        int imageLength = 10 + 6 + 2;
        byte[] hugeImage = Arrays.copyOf(valid, valid.length);
        byte[] claim = varint(Integer.MAX_VALUE - 8);
        hugeImage = Arrays.copyOf(hugeImage, imageLength + claim.length + 3);
        System.arraycopy(claim, 0, hugeImage, imageLength, claim.length);
        assertReason(hugeImage, ReasonCode.NOT_AVRO);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Avro's zig-zag varint of an int. */
    private static byte[] varint(int value) {
        int zigzag = (value << 1) ^ (value >> 31);
        byte[] out = new byte[5];
        int n = 0;
        while ((zigzag & ~0x7F) != 0) {
            out[n++] = (byte) ((zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        out[n++] = (byte) zigzag;
        return Arrays.copyOf(out, n);
    }

    private void assertReason(byte[] value, ReasonCode reason) {
        assertThatThrownBy(() -> parser.parse(value))
                .isInstanceOf(ImageRejectedException.class)
                .satisfies(e -> assertThat(((ImageRejectedException) e).reason()).isEqualTo(reason));
    }
}
