package io.deitstream.ingest;

import io.deitstream.image.ImageLimits;
import io.deitstream.image.ImagePreprocessor;
import io.deitstream.image.ImageRejectedException;
import io.deitstream.metrics.DeadLetterCounters;
import io.deitstream.schema.DeadLetter;
import io.deitstream.schema.ImageEvent;
import io.deitstream.schema.ReasonCode;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parse and preprocess: Avro single-object record to the model's uint8 crop. Every record leaves as exactly one
 * {@link PreparedImage} or one dead letter on {@link #DEAD_LETTERS}; nothing a payload contains can fail the job.
 */
public final class PreprocessFunction extends ProcessFunction<RawRecord, PreparedImage> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("preprocess-dead-letters") {};

    private final ImageLimits limits;
    private final int deadLetterPayloadLimit;

    private transient ImageEventParser parser;
    private transient ImagePreprocessor preprocessor;
    private transient DeadLetters deadLetters;
    private transient Counter imagesIn;
    private transient DeadLetterCounters deadLettered;

    public PreprocessFunction(ImageLimits limits, int deadLetterPayloadLimit) {
        this.limits = limits;
        this.deadLetterPayloadLimit = deadLetterPayloadLimit;
    }

    @Override
    public void open(OpenContext context) {
        parser = new ImageEventParser();
        preprocessor = new ImagePreprocessor(limits);
        deadLetters = new DeadLetters(deadLetterPayloadLimit);
        imagesIn = getRuntimeContext().getMetricGroup().counter("imagesIn");
        deadLettered = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(RawRecord record, Context context, Collector<PreparedImage> out) {
        imagesIn.inc();
        long start = System.nanoTime();
        String id = null;
        try {
            ImageEvent event = parser.parse(record.value);
            id = event.getId();
            byte[] pixels = preprocessor.preprocess(bytesOf(event.getImage()));
            long micros = (System.nanoTime() - start) / 1_000;
            out.collect(new PreparedImage(id, event.getEventTime().toEpochMilli(), pixels, micros, record));
        } catch (ImageRejectedException e) {
            reject(context, record, id, e.reason(), e.getMessage());
        }
    }

    private void reject(Context context, RawRecord record, String id, ReasonCode reason, String message) {
        deadLettered.inc(reason);
        context.output(DEAD_LETTERS, deadLetters.of(record, id, reason, message));
    }

    /** The decoder hands out a heap buffer over exactly the image bytes; reuse its array instead of copying. */
    private static byte[] bytesOf(ByteBuffer image) {
        if (image.hasArray() && image.arrayOffset() == 0 && image.position() == 0
                && image.remaining() == image.array().length) {
            return image.array();
        }
        byte[] copy = new byte[image.remaining()];
        image.duplicate().get(copy);
        return copy;
    }
}
