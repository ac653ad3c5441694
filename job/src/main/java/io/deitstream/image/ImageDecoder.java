package io.deitstream.image;

import io.deitstream.schema.ReasonCode;

import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.ImageReaderSpi;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Decodes an encoded image into 8-bit RGB as Pillow 9.4 would open and {@code convert("RGB")}
 * it, and reads the EXIF orientation Pillow would find in it. The dimensions are read from the
 * header, and the pixel limit enforced, before any pixel buffer is allocated.
 *
 * <p>Readers are created once per format and reused. Not thread-safe: an {@link ImageReader}
 * serves one stream at a time.
 */
final class ImageDecoder {

    private final long maxPixels;
    private final Map<ImageFormat, ImageReader> readers = new EnumMap<>(ImageFormat.class);
    private final TruncationListener truncation = new TruncationListener();

    ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    DecodedImage decode(byte[] encoded) throws ImageRejectedException {
        ImageFormat format = ImageFormat.detect(encoded);
        if (format == null) {
            throw new ImageRejectedException(ReasonCode.UNSUPPORTED_FORMAT,
                    "not a JPEG, PNG, GIF, BMP or WebP file (leading bytes "
                            + HexFormat.of().formatHex(encoded, 0, Math.min(8, encoded.length)) + ")");
        }
        ImageReader reader = reader(format);
        boolean readerBroken = false;
        try (BoundedImageInputStream in = new BoundedImageInputStream(encoded)) {
            reader.setInput(in, true, true);
            truncation.reset();
            return switch (format) {
                case JPEG -> decodeJpeg(reader, encoded);
                case GIF -> decodeGif(reader, encoded);
                case PNG -> new DecodedImage(readRgb(reader, format), PngOrientation.read(encoded));
                case WEBP -> decodeWebp(reader, encoded);
                case BMP -> decodeBmp(reader, encoded);
            };
        } catch (IOException | RuntimeException e) {
            readerBroken = true;
            throw new ImageRejectedException(ReasonCode.CORRUPT_IMAGE,
                    format + " could not be decoded: " + describe(e), e);
        } finally {
            release(format, reader, readerBroken);
        }
    }

    /**
     * JPEG through the JDK reader's raw raster (no colour conversion, no ICC), converted with
     * libjpeg's own arithmetic for the colour space libjpeg would assign.
     */
    private DecodedImage decodeJpeg(ImageReader reader, byte[] encoded) throws IOException, ImageRejectedException {
        JpegHeader header = JpegHeader.parse(encoded);
        if (header.components() == 0) {
            throw new IIOException("no frame header (SOF) before the first scan");
        }
        if (!header.pillowSupported()) {
            throw new ImageRejectedException(ReasonCode.UNSUPPORTED_FORMAT, "JPEG with " + header.precision()
                    + "-bit samples and " + header.components() + " components (8-bit, 1, 3 or 4 are supported)");
        }
        checkPixelCount(ImageFormat.JPEG, reader.getWidth(0), reader.getHeight(0));
        Raster raster = reader.readRaster(0, null);
        checkNotTruncated(ImageFormat.JPEG);
        if (raster.getNumBands() != header.components()) {
            throw new IIOException(raster.getNumBands() + " bands decoded for " + header.components() + " components");
        }
        return new DecodedImage(JpegColourConverter.toRgb(raster, header.colourSpace()),
                ExifOrientation.read(header.exif()));
    }

    /** GIF: the first frame, placed on the canvas Pillow gives it. */
    private DecodedImage decodeGif(ImageReader reader, byte[] encoded) throws IOException, ImageRejectedException {
        GifFirstFrame first = GifFirstFrame.parse(encoded);
        if (first == null) {
            throw new IIOException("no image descriptor");
        }
        FramePlacement canvas = first.placement();
        checkPixelCount(ImageFormat.GIF, canvas.canvasWidth(), canvas.canvasHeight());
        BufferedImage frame = read(reader, ImageFormat.GIF);
        byte[] fill = new byte[3];
        if (frame.getColorModel() instanceof IndexColorModel palette) {
            System.arraycopy(RgbConverter.paletteRgb(palette), 3 * first.fillIndex(), fill, 0, 3);
        }
        return new DecodedImage(canvas.place(RgbConverter.toRgb(frame), fill), ExifOrientation.ABSENT);
    }

    /** WebP: an animation's first frame goes on its transparent black canvas, as libwebp draws it. */
    private DecodedImage decodeWebp(ImageReader reader, byte[] encoded) throws IOException, ImageRejectedException {
        FramePlacement canvas = WebpContainer.firstFrame(encoded);
        if (canvas != null) {
            checkPixelCount(ImageFormat.WEBP, canvas.canvasWidth(), canvas.canvasHeight());
        }
        RgbImage frame = readRgb(reader, ImageFormat.WEBP);
        RgbImage image = canvas == null ? frame : canvas.place(frame, new byte[3]);
        return new DecodedImage(image, ExifOrientation.read(WebpContainer.exif(encoded)));
    }

    private DecodedImage decodeBmp(ImageReader reader, byte[] encoded) throws IOException, ImageRejectedException {
        BmpHeader header = BmpHeader.parse(encoded);
        if (header == null) {
            throw new IIOException("file too short for a BMP header");
        }
        checkPixelCount(ImageFormat.BMP, header.width(), header.height());
        return new DecodedImage(readRgb(reader, ImageFormat.BMP), ExifOrientation.ABSENT);
    }

    private RgbImage readRgb(ImageReader reader, ImageFormat format) throws IOException, ImageRejectedException {
        return RgbConverter.toRgb(read(reader, format));
    }

    private BufferedImage read(ImageReader reader, ImageFormat format) throws IOException, ImageRejectedException {
        checkPixelCount(format, reader.getWidth(0), reader.getHeight(0));
        ImageReadParam param = reader.getDefaultReadParam();
        if (format == ImageFormat.WEBP) {
            // TwelveMonkeys converts the pixels from an embedded ICC profile to the destination's
            // colour space; a destination in the file's own colour space keeps the stored
            // samples, as Pillow does.
            param.setDestinationType(reader.getRawImageType(0));
        }
        BufferedImage image = reader.read(0, param);
        checkNotTruncated(format);
        return image;
    }

    private void checkPixelCount(ImageFormat format, long width, long height) throws ImageRejectedException, IIOException {
        if (width <= 0 || height <= 0) {
            throw new IIOException("header declares " + width + "x" + height + " pixels");
        }
        long pixels = width * height;
        if (pixels > maxPixels) {
            throw new ImageRejectedException(ReasonCode.TOO_MANY_PIXELS,
                    format + " header declares " + width + "x" + height + " = " + pixels
                            + " pixels, more than the limit of " + maxPixels);
        }
    }

    private void checkNotTruncated(ImageFormat format) throws ImageRejectedException {
        if (truncation.message != null) {
            // Pillow refuses a truncated file ("image file is truncated"); so does the job.
            throw new ImageRejectedException(ReasonCode.CORRUPT_IMAGE, format + " is truncated: " + truncation.message);
        }
    }

    private ImageReader reader(ImageFormat format) throws ImageRejectedException {
        ImageReader reader = readers.get(format);
        if (reader != null) {
            return reader;
        }
        ImageReaderSpi spi = format.readerSpi();
        if (spi == null) {
            throw new ImageRejectedException(ReasonCode.UNSUPPORTED_FORMAT, "no " + format + " decoder is installed");
        }
        try {
            reader = spi.createReaderInstance();
        } catch (IOException e) {
            throw new ImageRejectedException(ReasonCode.UNSUPPORTED_FORMAT, "the " + format + " decoder failed to start", e);
        }
        reader.addIIOReadWarningListener(truncation);
        readers.put(format, reader);
        return reader;
    }

    /**
     * Detaches the input so the byte array can be collected. A reader that failed mid-decode may
     * hold inconsistent state, so it is disposed and a fresh one is created next time.
     */
    private void release(ImageFormat format, ImageReader reader, boolean broken) {
        if (!broken) {
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

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
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
    }
}
