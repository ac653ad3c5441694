package io.deitstream.image;

/**
 * Applies an EXIF orientation as {@code PIL.ImageOps.exif_transpose} does: 2 mirror,
 * 3 rotate 180, 4 flip, 5 transpose, 6 rotate 270 (90 clockwise), 7 transverse, 8 rotate 90
 * (counter-clockwise). Each is an exact permutation of pixels.
 */
final class Transposer {

    private Transposer() {
    }

    /** {@code image} itself for orientation 1 (or none, or an unknown value), else a new image. */
    static RgbImage apply(RgbImage image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        // Orientations 5..8 swap the axes; then each source axis may run backwards.
        boolean swap = orientation >= 5;
        boolean mirrorX = orientation == 2 || orientation == 3 || orientation == 7 || orientation == 8;
        boolean mirrorY = orientation == 3 || orientation == 4 || orientation == 6 || orientation == 7;
        int w = image.width();
        int h = image.height();
        RgbImage out = swap ? RgbImage.allocate(h, w) : RgbImage.allocate(w, h);
        byte[] src = image.pixels();
        byte[] dst = out.pixels();
        // Walking the output in order, the source moves by a fixed step per pixel and per row.
        int pixelStep = swap ? (mirrorY ? -3 * w : 3 * w) : (mirrorX ? -3 : 3);
        int rowStep = swap ? (mirrorX ? -3 : 3) : (mirrorY ? -3 * w : 3 * w);
        int origin = 3 * ((mirrorY ? h - 1 : 0) * w + (mirrorX ? w - 1 : 0));
        int o = 0;
        for (int y = 0; y < out.height(); y++) {
            int p = origin + y * rowStep;
            for (int x = 0; x < out.width(); x++, p += pixelStep, o += 3) {
                dst[o] = src[p];
                dst[o + 1] = src[p + 1];
                dst[o + 2] = src[p + 2];
            }
        }
        return out;
    }
}
