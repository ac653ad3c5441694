package io.deitstream.image;

/**
 * A decoded image before orientation: its pixels as stored, and the EXIF block (TIFF data, with
 * or without the "Exif\0\0" prefix) that says how to turn them upright, or null.
 */
record DecodedImage(RgbImage pixels, byte[] exif) {
}
