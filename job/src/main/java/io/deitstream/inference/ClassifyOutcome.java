package io.deitstream.inference;

import io.deitstream.schema.Classification;
import io.deitstream.schema.DeadLetter;

/**
 * Either a classification or a dead letter: an async function has no side outputs, so the classifier emits this union
 * and {@link io.deitstream.sink.OutcomeSplitter} separates the two streams.
 */
public class ClassifyOutcome {
    /** Set when the image was classified; otherwise null. */
    public Classification classification;
    /** Set when it was not; otherwise null. */
    public DeadLetter deadLetter;

    /** For Flink's POJO serializer. */
    public ClassifyOutcome() {}

    public static ClassifyOutcome classified(Classification classification) {
        ClassifyOutcome outcome = new ClassifyOutcome();
        outcome.classification = classification;
        return outcome;
    }

    public static ClassifyOutcome deadLettered(DeadLetter deadLetter) {
        ClassifyOutcome outcome = new ClassifyOutcome();
        outcome.deadLetter = deadLetter;
        return outcome;
    }
}
