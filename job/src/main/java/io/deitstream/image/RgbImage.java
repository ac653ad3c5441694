package io.deitstream.image;

/**
 * An 8-bit RGB image, row-major, 3 interleaved bytes per pixel (HWC) — the layout every stage
 * after decoding works on.
 */
record RgbImage(int width, int height, byte[] pixels) {

    RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("empty image " + width + "x" + height);
        }
        if (pixels.length != Math.multiplyExact(Math.multiplyExact(width, height), 3)) {
            throw new IllegalArgumentException(
                    "pixels.length " + pixels.length + " != " + width + "*" + height + "*3");
        }
    }

    static RgbImage allocate(int width, int height) {
        return new RgbImage(width, height, new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)]);
    }
}
