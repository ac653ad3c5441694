package io.deitstream.inference;

import io.deitstream.ingest.PreparedImage;
import io.deitstream.schema.Classification;
import io.deitstream.schema.StageTimings;
import java.time.Instant;

/** Turns a prediction into the output record, stamping what every result of this slot shares. */
final class ClassificationFactory {
    private final String modelName;
    private final String modelVersion;
    private final String device;

    ClassificationFactory(ModelDirectory model, String device) {
        this.modelName = model.name();
        this.modelVersion = model.version();
        this.device = device;
    }

    Classification create(PreparedImage image, Prediction prediction, int batchSize, Instant classifiedAt,
            long queueMicros, long inferenceMicros) {
        return Classification.newBuilder()
                .setId(image.id)
                .setEventTime(Instant.ofEpochMilli(image.eventTimeMillis))
                .setClassifiedTime(classifiedAt)
                .setModelName(modelName)
                .setModelVersion(modelVersion)
                .setTopK(prediction.top())
                .setBatchSize(batchSize)
                .setDevice(device)
                .setTimings(new StageTimings(image.preprocessMicros, queueMicros, inferenceMicros))
                .setSourceTopic(image.source.topic)
                .setSourcePartition(image.source.partition)
                .setSourceOffset(image.source.offset)
                .build();
    }
}
