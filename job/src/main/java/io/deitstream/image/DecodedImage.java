package io.deitstream.image;

/**
 * A decoded image before orientation: its pixels as stored, and the EXIF orientation (1..8, or
 * {@link ExifOrientation#ABSENT}) that {@code exif_transpose} would apply to turn them upright.
 */
record DecodedImage(RgbImage pixels, int orientation) {
}
