package io.deitstream.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.deitstream.image.ImageLimits;
import io.deitstream.image.ImagePreprocessor;
import io.deitstream.image.ImageRejectedException;
import io.deitstream.schema.ReasonCode;
import java.io.IOException;
import java.util.List;

/**
 * One image at a time, outside Flink: the same preprocessing, translator and model as the stream, for the
 * {@code classify} command and for checking the stream against. Not thread-safe (one Predictor).
 */
public final class ImageClassifier implements AutoCloseable {
    private final ImagePreprocessor preprocessor;
    private final ModelRegistry.Lease model;
    private final Predictor<PixelBatch, List<Prediction>> predictor;
    private final PixelBatch pixels = new PixelBatch(1);

    public ImageClassifier(ModelDirectory dir, ImageLimits limits, int topK, Device device)
            throws IOException, MalformedModelException {
        this.preprocessor = new ImagePreprocessor(limits);
        this.model = ModelRegistry.acquire(dir, new DeviceAssignment(device, device));
        this.predictor = model.model().newPredictor(new DeitTranslator(dir.labels(), topK));
    }

    /** @throws ImageRejectedException with the same reason code the stream would dead-letter it with */
    public Prediction classify(byte[] encoded) throws ImageRejectedException {
        byte[] crop = preprocessor.preprocess(encoded);
        pixels.clear();
        pixels.add(crop);
        try {
            return predictor.predict(pixels).get(0);
        } catch (TranslateException | RuntimeException e) {
            throw new ImageRejectedException(ReasonCode.INFERENCE_FAILED, "inference failed: " + e, e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
