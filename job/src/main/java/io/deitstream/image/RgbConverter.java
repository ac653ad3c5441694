package io.deitstream.image;

import io.deitstream.schema.ReasonCode;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;

/**
 * Turns a decoded image into 8-bit RGB with the semantics of Pillow 9.4's {@code convert("RGB")}
 * applied to the mode Pillow would have opened the file in. It works on the raster's samples,
 * never on {@code getRGB}, so no colour management or gamma is applied (Pillow applies none):
 * <ul>
 *   <li>palette images: palette lookup; transparency is ignored;</li>
 *   <li>grey: replicated to R, G and B; alpha bands (LA, RGBA) are dropped, not composited;</li>
 *   <li>samples of n &lt; 8 bits: {@code v * 255 / (2^n - 1)}, as Pillow's unpackers scale
 *       1/2/4-bit grey and 15/16-bit BMP;</li>
 *   <li>16-bit samples: the high byte (Pillow unpacks 16-bit RGB, RGBA and LA PNGs with
 *       {@code *;16B}), except 16-bit grey without alpha, which Pillow opens as mode I and
 *       whose {@code convert("RGB")} clips values above 255.</li>
 * </ul>
 */
final class RgbConverter {

    private static final byte[] IDENTITY_8 = scaleTable(8);
    private static final byte[] HIGH_BYTE_16 = new byte[1 << 16];
    private static final byte[] CLIP_16 = new byte[1 << 16];

    static {
        for (int v = 0; v < 1 << 16; v++) {
            HIGH_BYTE_16[v] = (byte) (v >>> 8);
            CLIP_16[v] = (byte) Math.min(v, 255);
        }
    }

    private RgbConverter() {
    }

    static RgbImage toRgb(BufferedImage image) throws ImageRejectedException {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel palette) {
            return fromPalette(raster, palette);
        }
        int type = cm.getColorSpace().getType();
        int colours = cm.getNumColorComponents();
        if (type == ColorSpace.TYPE_GRAY && colours == 1) {
            boolean pillowModeI = raster.getSampleModel().getSampleSize(0) == 16 && !cm.hasAlpha();
            return fromBands(raster, new int[] {0, 0, 0}, pillowModeI);
        }
        if (type == ColorSpace.TYPE_RGB && colours == 3) {
            return fromBands(raster, new int[] {0, 1, 2}, false);
        }
        throw new ImageRejectedException(ReasonCode.UNSUPPORTED_FORMAT,
                "unsupported colour space type " + type + " with " + colours + " colour components");
    }

    private static RgbImage fromPalette(Raster raster, IndexColorModel cm) {
        byte[] palette = paletteRgb(cm);
        int w = raster.getWidth();
        int h = raster.getHeight();
        RgbImage out = RgbImage.allocate(w, h);
        byte[] dst = out.pixels();
        int[] row = new int[w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
            for (int x = 0; x < w; x++, o += 3) {
                int p = 3 * (row[x] & 0xff);
                dst[o] = palette[p];
                dst[o + 1] = palette[p + 1];
                dst[o + 2] = palette[p + 2];
            }
        }
        return out;
    }

    /**
     * The 256 RGB entries of Pillow's palette for {@code cm}: Pillow starts every palette as a
     * grey ramp and overwrites it with the file's entries, so an index past those reads (i, i, i).
     */
    static byte[] paletteRgb(IndexColorModel cm) {
        byte[] rgb = new byte[256 * 3];
        int size = Math.min(cm.getMapSize(), 256);
        for (int i = 0; i < 256; i++) {
            boolean inFile = i < size;
            rgb[3 * i] = (byte) (inFile ? cm.getRed(i) : i);
            rgb[3 * i + 1] = (byte) (inFile ? cm.getGreen(i) : i);
            rgb[3 * i + 2] = (byte) (inFile ? cm.getBlue(i) : i);
        }
        return rgb;
    }

    /** {@code bands[c]}: the raster band that output channel c (R, G, B) comes from. */
    private static RgbImage fromBands(Raster raster, int[] bands, boolean clip16) throws ImageRejectedException {
        int w = raster.getWidth();
        int h = raster.getHeight();
        RgbImage out = RgbImage.allocate(w, h);
        SampleModel sm = raster.getSampleModel();
        if (isInterleaved8Bit(raster)) {
            copyInterleaved8Bit(raster, bands, out.pixels());
            return out;
        }
        byte[] dst = out.pixels();
        int[] row = new int[w];
        for (int c = 0; c < 3; c++) {
            byte[] table = table(sm.getSampleSize(bands[c]), clip16);
            for (int y = 0; y < h; y++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, bands[c], row);
                for (int x = 0, o = y * w * 3 + c; x < w; x++, o += 3) {
                    dst[o] = table[row[x]];
                }
            }
        }
        return out;
    }

    private static boolean isInterleaved8Bit(Raster raster) {
        return raster.getSampleModel() instanceof ComponentSampleModel
                && raster.getDataBuffer() instanceof DataBufferByte
                && raster.getDataBuffer().getNumBanks() == 1
                && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0;
    }

    /** Direct array access for the common case of one byte per sample in one bank. */
    private static void copyInterleaved8Bit(Raster raster, int[] bands, byte[] dst) {
        ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
        byte[] src = ((DataBufferByte) raster.getDataBuffer()).getData();
        int base = raster.getDataBuffer().getOffset();
        int[] offsets = sm.getBandOffsets();
        int r = offsets[bands[0]];
        int g = offsets[bands[1]];
        int b = offsets[bands[2]];
        int stride = sm.getPixelStride();
        int w = raster.getWidth();
        int o = 0;
        for (int y = 0; y < raster.getHeight(); y++) {
            int p = base + y * sm.getScanlineStride();
            for (int x = 0; x < w; x++, p += stride) {
                dst[o++] = src[p + r];
                dst[o++] = src[p + g];
                dst[o++] = src[p + b];
            }
        }
    }

    private static byte[] table(int bits, boolean clip16) throws ImageRejectedException {
        if (bits == 8) {
            return IDENTITY_8;
        }
        if (bits == 16) {
            return clip16 ? CLIP_16 : HIGH_BYTE_16;
        }
        if (bits < 8) {
            return scaleTable(bits);
        }
        throw new ImageRejectedException(ReasonCode.UNSUPPORTED_FORMAT, "unsupported " + bits + "-bit samples");
    }

    /** {@code v * 255 / (2^bits - 1)} rounded down, the scaling of Pillow's n-bit unpackers. */
    private static byte[] scaleTable(int bits) {
        int max = (1 << bits) - 1;
        byte[] table = new byte[max + 1];
        for (int v = 0; v <= max; v++) {
            table[v] = (byte) (v * 255 / max);
        }
        return table;
    }
}
