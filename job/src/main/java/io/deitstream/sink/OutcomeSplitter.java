package io.deitstream.sink;

import io.deitstream.inference.ClassifyOutcome;
import io.deitstream.schema.Classification;
import io.deitstream.schema.DeadLetter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Separates the classifier's union output: classifications on the main stream, dead letters on a side output. */
public final class OutcomeSplitter extends ProcessFunction<ClassifyOutcome, Classification> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("classify-dead-letters") {};

    @Override
    public void processElement(ClassifyOutcome outcome, Context context, Collector<Classification> out) {
        if (outcome.classification != null) {
            out.collect(outcome.classification);
        } else {
            context.output(DEAD_LETTERS, outcome.deadLetter);
        }
    }
}
