package io.deitstream.image;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;

import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import java.util.Iterator;

/**
 * The encoded formats the job decodes, recognised by their leading "magic" bytes the way each
 * Pillow plugin's {@code _accept} recognises them, never by a file name or a declared type.
 *
 * <p>Each format is bound to one specific ImageIO reader, because the RGB conversion relies on
 * what that reader returns (e.g. the JDK JPEG reader's raw rasters). Another plugin for the same
 * format appearing on the classpath therefore changes nothing.
 */
enum ImageFormat {
    JPEG("com.sun.imageio.plugins.jpeg.JPEGImageReader"),
    PNG("com.sun.imageio.plugins.png.PNGImageReader"),
    GIF("com.sun.imageio.plugins.gif.GIFImageReader"),
    BMP("com.sun.imageio.plugins.bmp.BMPImageReader"),
    WEBP("com.twelvemonkeys.imageio.plugins.webp.WebPImageReader");

    private final String readerClassName;

    ImageFormat(String readerClassName) {
        this.readerClassName = readerClassName;
    }

    /** The format of {@code data}, or null when none of ours starts that way. */
    static ImageFormat detect(byte[] data) {
        if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWith(data, 0, 'G', 'I', 'F', '8') && (startsWith(data, 4, '7', 'a') || startsWith(data, 4, '9', 'a'))) {
            return GIF;
        }
        if (startsWith(data, 0, 'B', 'M')) {
            return BMP;
        }
        if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P', 'V', 'P', '8')
                && data.length > 15 && (data[15] == ' ' || data[15] == 'L' || data[15] == 'X')) {
            return WEBP;
        }
        return null;
    }

    /**
     * The provider of this format's reader, or null if it is missing. The WebP provider is
     * created directly: ImageIO's registry discovers plugins through the class loader that first
     * touched it, which in Flink need not be the one that loaded this job.
     */
    ImageReaderSpi readerSpi() {
        if (this == WEBP) {
            return new WebPImageReaderSpi();
        }
        Iterator<ImageReaderSpi> found = IIORegistry.getDefaultInstance().getServiceProviders(
                ImageReaderSpi.class, spi -> readerClassName.equals(((ImageReaderSpi) spi).getPluginClassName()), false);
        return found.hasNext() ? found.next() : null;
    }

    private static boolean startsWith(byte[] data, int offset, int... magic) {
        if (data.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[offset + i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
