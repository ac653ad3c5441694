package io.deitstream.image;

import java.awt.image.BufferedImage;

/** Deterministic AWT images for tests that need an encodable picture with detail in it. */
final class BicubicResizerTestImages {

    private BicubicResizerTestImages() {
    }

    static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] p = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) ((i * 1103515245 + 12345) >>> 16);
        }
        return image;
    }
}
