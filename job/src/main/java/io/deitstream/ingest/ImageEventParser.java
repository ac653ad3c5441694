package io.deitstream.ingest;

import io.deitstream.image.ImageRejectedException;
import io.deitstream.schema.ImageEvent;
import io.deitstream.schema.ReasonCode;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;

/**
 * Decodes Avro single-object encoding (marker {@code C3 01}, 8-byte schema fingerprint, binary body). The header lets
 * the job tell "not Avro at all" from "Avro, but a schema this job does not know".
 */
public final class ImageEventParser {
    private final BinaryMessageDecoder<ImageEvent> decoder = ImageEvent.getDecoder();

    public ImageEvent parse(byte[] value) throws ImageRejectedException {
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
            // IOException, AvroRuntimeException, or a runtime exception from a body that lies about its lengths.
            throw new ImageRejectedException(ReasonCode.NOT_AVRO,
                    "ImageEvent body does not decode: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
