package io.deitstream.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.deitstream.image.ImagePreprocessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The model's boundary: a packed uint8 crop batch in, per-image logits and top-k out. Rescaling and ImageNet
 * normalization happen inside the TorchScript module, on its device, exactly as the reference does them. Every NDArray
 * lives in the predictor's per-call manager, which DJL closes after {@link #processOutput}.
 */
public final class DeitTranslator implements NoBatchifyTranslator<PixelBatch, List<Prediction>> {
    private final List<String> labels;
    private final int topK;

    public DeitTranslator(List<String> labels, int topK) {
        this.labels = labels;
        this.topK = topK;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, PixelBatch batch) {
        NDArray pixels = ctx.getNDManager().create(batch.contents(),
                new Shape(batch.size(), ImagePreprocessor.CROP, ImagePreprocessor.CROP, 3), DataType.UINT8);
        return new NDList(pixels);
    }

    @Override
    public List<Prediction> processOutput(TranslatorContext ctx, NDList output) {
        NDArray logits = output.singletonOrThrow();
        Shape shape = logits.getShape();
        int classes = (int) shape.get(1);
        if (shape.dimension() != 2 || classes != labels.size()) {
            throw new IllegalStateException("model returned logits of shape " + shape + " but labels.txt has "
                    + labels.size() + " classes");
        }
        float[] flat = logits.toType(DataType.FLOAT32, false).toFloatArray();
        int images = (int) shape.get(0);
        List<Prediction> predictions = new ArrayList<>(images);
        for (int i = 0; i < images; i++) {
            predictions.add(Prediction.of(Arrays.copyOfRange(flat, i * classes, (i + 1) * classes), topK, labels));
        }
        return predictions;
    }
}
