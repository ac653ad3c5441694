package io.deitstream.image;

/**
 * Crops the centre of an {@link RgbImage} as Hugging Face's {@code center_crop} does:
 * top = (height - cropHeight) / 2 and left = (width - cropWidth) / 2, rounded down.
 */
final class CenterCrop {

    private CenterCrop() {
    }

    /** A new array of {@code size * size * 3} bytes: the centred square, row-major RGB. */
    static byte[] crop(RgbImage image, int size) {
        if (size > image.width() || size > image.height()) {
            throw new IllegalArgumentException(
                    "crop " + size + " larger than image " + image.width() + "x" + image.height());
        }
        int top = (image.height() - size) / 2;
        int left = (image.width() - size) / 2;
        int srcRow = image.width() * 3;
        int dstRow = size * 3;
        byte[] out = new byte[size * dstRow];
        for (int y = 0; y < size; y++) {
            System.arraycopy(image.pixels(), (top + y) * srcRow + left * 3, out, y * dstRow, dstRow);
        }
        return out;
    }
}
