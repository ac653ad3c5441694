package io.deitstream.image;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resizes an {@link RgbImage} bit-exactly as Pillow 9.4's {@code Image.resize(size, BICUBIC)} does
 * for 8-bit images (a port of {@code libImaging/Resample.c}): separable cubic convolution with
 * a = -0.5, filter support scaled by the downscale factor (so it also antialiases), weights
 * normalised per output pixel and rounded to 22-bit fixed point, the horizontal pass first into
 * a uint8 intermediate, then the vertical pass, a pass skipped when its size does not change.
 *
 * <p>Coefficients depend only on the (input, output) size pair, so they are computed once and
 * kept in a small LRU cache. Not thread-safe: the cache is unsynchronised; use one instance per
 * thread.
 */
final class BicubicResizer {

    /** Pillow's {@code PRECISION_BITS}: 32 - 8 bits of pixel - 2 bits of headroom for sums. */
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);
    /** Support of the bicubic kernel at scale 1, in input pixels either side of the centre. */
    private static final double SUPPORT = 2.0;
    /** The cubic convolution parameter Pillow uses (Keys' a = -0.5). */
    private static final double A = -0.5;
    private static final int CACHE_ENTRIES = 64;

    private final Map<Long, Coefficients> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Coefficients> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    /**
     * The image resized to exactly {@code outWidth x outHeight}. Returns {@code image} itself when
     * the size is unchanged, as no pass runs then.
     */
    RgbImage resize(RgbImage image, int outWidth, int outHeight) {
        boolean horizontal = outWidth != image.width();
        boolean vertical = outHeight != image.height();
        if (!horizontal && !vertical) {
            return image;
        }
        if (!vertical) {
            return horizontalPass(image, coefficients(image.width(), outWidth), 0, image.height());
        }
        Coefficients rows = coefficients(image.height(), outHeight);
        if (!horizontal) {
            return verticalPass(image, rows, 0, outHeight);
        }
        // As Pillow does, run the horizontal pass only over the input rows the vertical pass reads.
        int firstRow = rows.first(0);
        int endRow = rows.first(outHeight - 1) + rows.count(outHeight - 1);
        RgbImage intermediate = horizontalPass(image, coefficients(image.width(), outWidth), firstRow, endRow);
        return verticalPass(intermediate, rows, firstRow, outHeight);
    }

    private static RgbImage horizontalPass(RgbImage in, Coefficients c, int firstRow, int endRow) {
        int outWidth = c.outSize();
        RgbImage out = RgbImage.allocate(outWidth, endRow - firstRow);
        byte[] src = in.pixels();
        byte[] dst = out.pixels();
        int[] weights = c.weights();
        int ksize = c.ksize();
        int o = 0;
        for (int y = firstRow; y < endRow; y++) {
            int rowStart = y * in.width() * 3;
            for (int xx = 0; xx < outWidth; xx++) {
                int p = rowStart + c.first(xx) * 3;
                int k = xx * ksize;
                int kEnd = k + c.count(xx);
                int r = HALF;
                int g = HALF;
                int b = HALF;
                for (; k < kEnd; k++, p += 3) {
                    int w = weights[k];
                    r += (src[p] & 0xff) * w;
                    g += (src[p + 1] & 0xff) * w;
                    b += (src[p + 2] & 0xff) * w;
                }
                dst[o++] = clip8(r);
                dst[o++] = clip8(g);
                dst[o++] = clip8(b);
            }
        }
        return out;
    }

    /** {@code rowOffset}: the input row that {@code in}'s first row stands for. */
    private static RgbImage verticalPass(RgbImage in, Coefficients c, int rowOffset, int outHeight) {
        int rowBytes = in.width() * 3;
        RgbImage out = RgbImage.allocate(in.width(), outHeight);
        byte[] src = in.pixels();
        byte[] dst = out.pixels();
        int[] weights = c.weights();
        int[] acc = new int[rowBytes];
        for (int yy = 0; yy < outHeight; yy++) {
            Arrays.fill(acc, HALF);
            int k = yy * c.ksize();
            int p = (c.first(yy) - rowOffset) * rowBytes;
            for (int n = c.count(yy); n > 0; n--, k++, p += rowBytes) {
                int w = weights[k];
                for (int i = 0; i < rowBytes; i++) {
                    acc[i] += (src[p + i] & 0xff) * w;
                }
            }
            int o = yy * rowBytes;
            for (int i = 0; i < rowBytes; i++) {
                dst[o + i] = clip8(acc[i]);
            }
        }
        return out;
    }

    private static byte clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    private Coefficients coefficients(int inSize, int outSize) {
        return cache.computeIfAbsent(((long) inSize << 32) | outSize, key -> Coefficients.compute(inSize, outSize));
    }

    /** Pillow's bicubic kernel, {@code bicubic_filter} in Resample.c. */
    private static double bicubic(double x) {
        x = Math.abs(x);
        if (x < 1.0) {
            return ((A + 2.0) * x - (A + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * A;
        }
        return 0.0;
    }

    /**
     * Fixed-point weights for one axis: output pixel {@code i} is the weighted sum of input pixels
     * {@code first(i) .. first(i) + count(i) - 1} with {@code weights[i * ksize + j]}.
     */
    record Coefficients(int outSize, int ksize, int[] bounds, int[] weights) {

        int first(int i) {
            return bounds[2 * i];
        }

        int count(int i) {
            return bounds[2 * i + 1];
        }

        /** {@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc}, operation for operation. */
        static Coefficients compute(int inSize, int outSize) {
            // Pillow passes the box edges as floats; for whole-image boxes in1 - in0 == inSize.
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = SUPPORT * filterScale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] bounds = new int[outSize * 2];
            int[] weights = new int[outSize * ksize];
            double[] k = new double[ksize];
            double ss = 1.0 / filterScale; // Pillow multiplies by the reciprocal; dividing rounds differently
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                int xmin = Math.max(0, (int) (center - support + 0.5));
                int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
                double sum = 0.0;
                for (int x = 0; x < xmax; x++) {
                    k[x] = bicubic((x + xmin - center + 0.5) * ss);
                    sum += k[x];
                }
                for (int x = 0; x < xmax; x++) {
                    double w = sum != 0.0 ? k[x] / sum : k[x];
                    weights[xx * ksize + x] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS)
                                                           : 0.5 + w * (1 << PRECISION_BITS));
                }
                bounds[2 * xx] = xmin;
                bounds[2 * xx + 1] = xmax;
            }
            return new Coefficients(outSize, ksize, bounds, weights);
        }
    }
}
