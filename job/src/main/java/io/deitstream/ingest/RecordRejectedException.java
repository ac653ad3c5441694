package io.deitstream.ingest;

import io.deitstream.schema.ReasonCode;

/** A record that cannot become a classification; it carries the reason code its dead letter will show. */
public class RecordRejectedException extends Exception {
    private final ReasonCode reason;

    public RecordRejectedException(ReasonCode reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RecordRejectedException(ReasonCode reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public ReasonCode reason() {
        return reason;
    }
}
