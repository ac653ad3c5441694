package io.deitstream.ingest;

import io.deitstream.image.ImageRejectedException;
import io.deitstream.schema.ImageEvent;
import io.deitstream.schema.ReasonCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;

/**
 * Decodes Avro single-object encoding (marker {@code C3 01}, 8-byte schema fingerprint, binary body). The header lets
 * the job tell "not Avro at all" from "Avro, but a schema this job does not know".
 *
 * <p>Avro allocates whatever a length prefix claims before it reads the bytes: a 16-byte record whose id claims 2 GB
 * is an OutOfMemoryError, which would fail the task and, replayed after every restart, stop the stream. So the body is
 * first walked with skips, which allocate nothing and fail at the first length that runs past the record.
 */
public final class ImageEventParser {
    private static final int HEADER_BYTES = 10;
    private static final Schema SCHEMA = ImageEvent.getClassSchema();
    private static final long FINGERPRINT = SchemaNormalization.parsingFingerprint64(SCHEMA);

    private final BinaryMessageDecoder<ImageEvent> decoder = ImageEvent.getDecoder();
    private BinaryDecoder lengths;

    public ImageEvent parse(byte[] value) throws ImageRejectedException {
        checkLengthsFitTheRecord(value);
        try {
            return decoder.decode(value);
        } catch (MissingSchemaException e) {
            throw new ImageRejectedException(ReasonCode.UNKNOWN_SCHEMA,
                    "Avro single-object record with a schema fingerprint this job does not know: " + e.getMessage(), e);
        } catch (BadHeaderException e) {
            throw new ImageRejectedException(ReasonCode.NOT_AVRO,
                    "not an Avro single-object record (expected marker C3 01 and a schema fingerprint): "
                            + e.getMessage(), e);
        } catch (Exception e) {
            // IOException, AvroRuntimeException, or a runtime exception from a body that lies about its contents.
            throw new ImageRejectedException(ReasonCode.NOT_AVRO,
                    "ImageEvent body does not decode: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Only for a body in this job's schema; other headers are left to the decoder to name. */
    private void checkLengthsFitTheRecord(byte[] value) throws ImageRejectedException {
        if (value.length < HEADER_BYTES || value[0] != (byte) 0xC3 || value[1] != 0x01
                || ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() != FINGERPRINT) {
            return;
        }
        lengths = DecoderFactory.get().binaryDecoder(value, HEADER_BYTES, value.length - HEADER_BYTES, lengths);
        try {
            GenericDatumReader.skip(SCHEMA, lengths);
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(ReasonCode.NOT_AVRO, "ImageEvent body claims more bytes than the "
                    + value.length + "-byte record holds: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
