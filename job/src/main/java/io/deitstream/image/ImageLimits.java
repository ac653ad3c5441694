package io.deitstream.image;

import java.io.Serializable;

/**
 * Bounds on one input image, enforced by {@link ImagePreprocessor} before any pixel is decoded.
 *
 * @param maxBytes  the most encoded bytes accepted; larger files are rejected as {@code TOO_LARGE}
 * @param maxPixels the most pixels (width * height, as declared by the file's header) accepted;
 *                  larger images are rejected as {@code TOO_MANY_PIXELS} without allocating them
 */
public record ImageLimits(int maxBytes, long maxPixels) implements Serializable {

    public ImageLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be > 0, got " + maxBytes);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be > 0, got " + maxPixels);
        }
    }
}
