package io.deitstream.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small, quick-to-decode PNGs that differ from each other, for tests that need many images. */
final class TestImages {
    private TestImages() {}

    /** A 64x48 picture of two colour blocks that depend on {@code seed}. */
    static byte[] png(int seed) {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(Color.HSBtoRGB((seed % 37) / 37f, 0.8f, 0.9f)));
        g.fillRect(0, 0, 64, 48);
        g.setColor(new Color(Color.HSBtoRGB((seed * 7 % 23) / 23f, 0.6f, 0.4f)));
        g.fillRect(seed % 40, seed % 20, 24, 28);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
