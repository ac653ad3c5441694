package io.deitstream.image;

import io.deitstream.schema.ReasonCode;

import java.util.Objects;

/** An input image that cannot be preprocessed, with the dead-letter reason that says why. */
public final class ImageRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ReasonCode reason;

    public ImageRejectedException(ReasonCode reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ImageRejectedException(ReasonCode reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ReasonCode reason() {
        return reason;
    }
}
