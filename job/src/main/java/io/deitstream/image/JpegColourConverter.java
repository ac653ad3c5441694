package io.deitstream.image;

import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * Converts the raw decoded samples of a JPEG (the JDK reader's {@code readRaster}, which applies
 * no colour conversion and no ICC profile) to RGB exactly as Pillow 9.4 with libjpeg-turbo does:
 * <ul>
 *   <li>YCbCr: libjpeg's integer {@code ycc_rgb_convert} (16-bit fixed point tables);</li>
 *   <li>RGB (Adobe transform 0, or component ids R,G,B): as stored;</li>
 *   <li>greyscale: replicated;</li>
 *   <li>CMYK and YCCK: libjpeg turns YCCK into CMYK, then Pillow reads every 4-component JPEG
 *       as inverted ("Adobe") CMYK and applies its naive CMYK to RGB, ignoring any ICC profile.</li>
 * </ul>
 * The JDK's own {@code read()} would instead colour-manage files with an embedded ICC profile,
 * which Pillow never does.
 */
final class JpegColourConverter {

    private static final int SCALEBITS = 16;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);
    // libjpeg's jdcolor.c tables, indexed by the chroma sample (0..255, centred at 128).
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALEBITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALEBITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private JpegColourConverter() {
    }

    static RgbImage toRgb(Raster raster, JpegHeader.ColourSpace space) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
        byte[] src = ((DataBufferByte) raster.getDataBuffer()).getData();
        int[] band = sm.getBandOffsets();
        int stride = sm.getPixelStride();
        int base = raster.getDataBuffer().getOffset()
                - raster.getSampleModelTranslateY() * sm.getScanlineStride()
                - raster.getSampleModelTranslateX() * stride;
        RgbImage out = RgbImage.allocate(w, h);
        byte[] dst = out.pixels();
        int o = 0;
        for (int y = 0; y < h; y++) {
            int p = base + y * sm.getScanlineStride();
            for (int x = 0; x < w; x++, p += stride, o += 3) {
                switch (space) {
                    case GREYSCALE -> dst[o] = dst[o + 1] = dst[o + 2] = src[p + band[0]];
                    case RGB -> {
                        dst[o] = src[p + band[0]];
                        dst[o + 1] = src[p + band[1]];
                        dst[o + 2] = src[p + band[2]];
                    }
                    case YCBCR -> yccToRgb(src[p + band[0]] & 0xff, src[p + band[1]] & 0xff,
                            src[p + band[2]] & 0xff, dst, o);
                    case CMYK -> // Pillow's "CMYK;I": every stored sample inverted.
                            cmykToRgb(255 - (src[p + band[0]] & 0xff), 255 - (src[p + band[1]] & 0xff),
                                    255 - (src[p + band[2]] & 0xff), 255 - (src[p + band[3]] & 0xff), dst, o);
                    case YCCK -> {
                        // libjpeg's ycck_cmyk_convert gives C = 255 - R etc. from the YCC part and
                        // keeps K; Pillow's inversion then turns C back into R and K into 255 - K.
                        yccToRgb(src[p + band[0]] & 0xff, src[p + band[1]] & 0xff, src[p + band[2]] & 0xff, dst, o);
                        cmykToRgb(dst[o] & 0xff, dst[o + 1] & 0xff, dst[o + 2] & 0xff,
                                255 - (src[p + band[3]] & 0xff), dst, o);
                    }
                }
            }
        }
        return out;
    }

    /** libjpeg's {@code ycc_rgb_convert} for one pixel. */
    private static void yccToRgb(int y, int cb, int cr, byte[] dst, int o) {
        dst[o] = clamp(y + CR_R[cr]);
        dst[o + 1] = clamp(y + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS));
        dst[o + 2] = clamp(y + CB_B[cb]);
    }

    /** Pillow 9.4's {@code cmyk2rgb}: {@code 255 - K - C*(255-K)/255}, rounded as MULDIV255. */
    private static void cmykToRgb(int c, int m, int y, int k, byte[] dst, int o) {
        int nk = 255 - k;
        dst[o] = clamp(nk - mulDiv255(c, nk));
        dst[o + 1] = clamp(nk - mulDiv255(m, nk));
        dst[o + 2] = clamp(nk - mulDiv255(y, nk));
    }

    private static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    private static int fix(double x) {
        return (int) (x * (1L << SCALEBITS) + 0.5);
    }

    private static byte clamp(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
