package io.deitstream.image;

import io.deitstream.schema.ReasonCode;

import java.util.Objects;

/**
 * Turns one encoded image into the 224x224 RGB crop that DeiT's Hugging Face image processor
 * (PIL path, Pillow 9.4) produces before normalisation: decode, turn upright by the EXIF
 * orientation ({@code ImageOps.exif_transpose}), {@code convert("RGB")}, resize to exactly
 * 256x256 with Pillow's BICUBIC, then crop the centre 224x224.
 *
 * <p>The crop equals Pillow's byte for byte for JPEG, PNG, GIF, BMP and lossless WebP; lossy
 * WebP differs by a few levels on average because its Java decoder upsamples chroma differently
 * from libwebp (bounds in testdata/README.md).
 *
 * <p>Every way an input can fail surfaces as an {@link ImageRejectedException} with a
 * dead-letter {@link ReasonCode}; limits are enforced before any pixel is decoded.
 *
 * <p><b>Not thread-safe</b>: an instance reuses ImageIO readers and resize coefficients between
 * calls. Use one instance per thread (e.g. per Flink subtask).
 */
public final class ImagePreprocessor {

    public static final int RESIZE = 256;
    public static final int CROP = 224;
    public static final int CROP_BYTES = CROP * CROP * 3;

    private final ImageLimits limits;
    private final ImageDecoder decoder;
    private final BicubicResizer resizer = new BicubicResizer();

    public ImagePreprocessor(ImageLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.decoder = new ImageDecoder(limits.maxPixels());
    }

    /** The encoded file -> new byte[CROP_BYTES]: RGB, row-major HWC uint8, exactly Pillow's crop. */
    public byte[] preprocess(byte[] encoded) throws ImageRejectedException {
        if (encoded == null || encoded.length == 0) {
            throw new ImageRejectedException(ReasonCode.EMPTY_IMAGE, "the image has no bytes");
        }
        if (encoded.length > limits.maxBytes()) {
            throw new ImageRejectedException(ReasonCode.TOO_LARGE,
                    "the image has " + encoded.length + " bytes, more than the limit of " + limits.maxBytes());
        }
        DecodedImage decoded = decoder.decode(encoded);
        RgbImage upright = Transposer.apply(decoded.pixels(), decoded.orientation());
        RgbImage resized = resizer.resize(upright, RESIZE, RESIZE);
        return CenterCrop.crop(resized, CROP);
    }
}
