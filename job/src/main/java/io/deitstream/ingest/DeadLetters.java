package io.deitstream.ingest;

import io.deitstream.schema.DeadLetter;
import io.deitstream.schema.ReasonCode;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds dead letters that point back at the source record and, when it fits, carry it for replay. */
public final class DeadLetters {
    private final int payloadLimit;

    /** @param payloadLimit larger payloads are left out (the coordinates still identify the record) */
    public DeadLetters(int payloadLimit) {
        this.payloadLimit = payloadLimit;
    }

    public DeadLetter of(RawRecord source, String id, ReasonCode reason, String message) {
        boolean keepPayload = source.value.length <= payloadLimit;
        String detail = keepPayload ? message
                : message + " [payload of " + source.value.length + " bytes not copied: over the dead-letter limit of "
                        + payloadLimit + " bytes; read it from the source coordinates]";
        return DeadLetter.newBuilder()
                .setId(id)
                .setSourceTopic(source.topic)
                .setSourcePartition(source.partition)
                .setSourceOffset(source.offset)
                .setReason(reason)
                .setMessage(detail)
                .setPayload(ByteBuffer.wrap(keepPayload ? source.value : new byte[0]))
                .setFailedTime(Instant.now())
                .build();
    }
}
