package io.deitstream.inference;

import io.deitstream.image.ImagePreprocessor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Crops packed back to back in one direct buffer, the exact memory of a uint8 [N,224,224,3] tensor, so the engine
 * builds the batch with a single copy and no per-image arrays or stacking. Reused across batches by its owner.
 */
public final class PixelBatch {
    private final ByteBuffer buffer;
    private int size;

    public PixelBatch(int maxImages) {
        buffer = ByteBuffer.allocateDirect(maxImages * ImagePreprocessor.CROP_BYTES).order(ByteOrder.nativeOrder());
    }

    public static PixelBatch of(byte[] crop) {
        PixelBatch batch = new PixelBatch(1);
        batch.add(crop);
        return batch;
    }

    public void clear() {
        buffer.clear();
        size = 0;
    }

    public void add(byte[] crop) {
        if (crop.length != ImagePreprocessor.CROP_BYTES) {
            throw new IllegalArgumentException("a crop is " + ImagePreprocessor.CROP_BYTES + " bytes, got " + crop.length);
        }
        buffer.put(size * ImagePreprocessor.CROP_BYTES, crop);
        size++;
    }

    public int size() {
        return size;
    }

    /** The filled part, positioned at zero; a view, so the batch itself stays reusable. */
    ByteBuffer contents() {
        return buffer.duplicate().position(0).limit(size * ImagePreprocessor.CROP_BYTES).slice()
                .order(ByteOrder.nativeOrder());
    }
}
