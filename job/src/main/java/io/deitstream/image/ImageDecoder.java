package io.deitstream.image;

import io.deitstream.schema.ReasonCode;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Decodes an encoded image into 8-bit RGB with ImageIO, reading the dimensions from the header
 * and enforcing the pixel limit before any pixel buffer is allocated.
 *
 * <p>Readers are looked up once per format and reused (looking one up scans the plugin
 * registry). Not thread-safe: an {@link ImageReader} serves one stream at a time.
 */
final class ImageDecoder {

    private final long maxPixels;
    private final Map<ImageFormat, ImageReader> readers = new EnumMap<>(ImageFormat.class);
    private final TruncationListener truncation = new TruncationListener();

    ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    RgbImage decode(byte[] encoded) throws ImageRejectedException {
        ImageFormat format = ImageFormat.detect(encoded);
        if (format == null) {
            throw new ImageRejectedException(ReasonCode.UNSUPPORTED_FORMAT,
                    "not a JPEG, PNG, GIF, BMP or WebP file (leading bytes " + leadingHex(encoded) + ")");
        }
        ImageReader reader = reader(format);
        boolean readerIntact = false;
        try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(encoded)) {
            reader.setInput(in, true, true);
            checkPixelCount(format, reader.getWidth(0), reader.getHeight(0));
            truncation.reset();
            BufferedImage image = reader.read(0);
            readerIntact = true;
            if (truncation.seen()) {
                // Pillow refuses a truncated file ("image file is truncated"); so does the job.
                throw new ImageRejectedException(ReasonCode.CORRUPT_IMAGE,
                        format + " is truncated: " + truncation.message());
            }
            return RgbConverter.toRgb(image);
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(ReasonCode.CORRUPT_IMAGE,
                    format + " could not be decoded: " + describe(e), e);
        } finally {
            release(format, reader, readerIntact);
        }
    }

    private void checkPixelCount(ImageFormat format, int width, int height) throws ImageRejectedException, IIOException {
        if (width <= 0 || height <= 0) {
            throw new IIOException("header declares " + width + "x" + height + " pixels");
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new ImageRejectedException(ReasonCode.TOO_MANY_PIXELS,
                    format + " header declares " + width + "x" + height + " = " + pixels
                            + " pixels, more than the limit of " + maxPixels);
        }
    }

    private ImageReader reader(ImageFormat format) throws ImageRejectedException {
        ImageReader reader = readers.get(format);
        if (reader != null) {
            return reader;
        }
        Iterator<ImageReader> found = ImageIO.getImageReadersByFormatName(format.imageIoName);
        if (!found.hasNext()) {
            throw new ImageRejectedException(ReasonCode.UNSUPPORTED_FORMAT,
                    "no " + format + " decoder is installed");
        }
        reader = found.next();
        reader.addIIOReadWarningListener(truncation);
        readers.put(format, reader);
        return reader;
    }

    /**
     * Detaches the input so the byte array can be collected. A reader that failed mid-decode may
     * hold inconsistent state, so it is disposed and a fresh one is looked up next time.
     */
    private void release(ImageFormat format, ImageReader reader, boolean intact) {
        if (intact) {
            reader.setInput(null);
            return;
        }
        readers.remove(format);
        try {
            reader.dispose();
        } catch (RuntimeException ignored) {
            // A broken reader is dropped either way.
        }
    }

    /**
     * The JDK's JPEG reader does not fail on a truncated file: libjpeg pads the missing data and
     * the reader only warns. That warning is the one signal of truncation it gives.
     */
    private static final class TruncationListener implements IIOReadWarningListener {
        private String message;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            if (warning != null && warning.contains("Missing EOI")) {
                message = warning;
            }
        }

        void reset() {
            message = null;
        }

        boolean seen() {
            return message != null;
        }

        String message() {
            return message;
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static String leadingHex(byte[] data) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(8, data.length); i++) {
            hex.append(String.format("%02x", data[i] & 0xff));
        }
        return hex.toString();
    }
}
