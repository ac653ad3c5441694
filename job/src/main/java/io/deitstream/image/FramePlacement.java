package io.deitstream.image;

import io.deitstream.schema.ReasonCode;

/**
 * Where the first frame of an animation sits on its canvas. Pillow returns the whole canvas
 * (GIF logical screen, WebP VP8X canvas) with the frame drawn in place, whereas the ImageIO
 * readers return the frame alone.
 */
record FramePlacement(int canvasWidth, int canvasHeight, int left, int top) {

    /** The frame on a canvas filled with {@code fillRgb}; {@code frame} itself when it covers the canvas. */
    RgbImage place(RgbImage frame, byte[] fillRgb) throws ImageRejectedException {
        if (left == 0 && top == 0 && frame.width() == canvasWidth && frame.height() == canvasHeight) {
            return frame;
        }
        if (left + frame.width() > canvasWidth || top + frame.height() > canvasHeight) {
            throw new ImageRejectedException(ReasonCode.CORRUPT_IMAGE, "a " + frame.width()
                    + "x" + frame.height() + " frame at (" + left + "," + top + ") overflows its "
                    + canvasWidth + "x" + canvasHeight + " canvas");
        }
        RgbImage canvas = RgbImage.allocate(canvasWidth, canvasHeight);
        byte[] c = canvas.pixels();
        for (int i = 0; i < c.length; i += 3) {
            c[i] = fillRgb[0];
            c[i + 1] = fillRgb[1];
            c[i + 2] = fillRgb[2];
        }
        int rowBytes = frame.width() * 3;
        for (int y = 0; y < frame.height(); y++) {
            System.arraycopy(frame.pixels(), y * rowBytes, c, ((top + y) * canvasWidth + left) * 3, rowBytes);
        }
        return canvas;
    }
}
