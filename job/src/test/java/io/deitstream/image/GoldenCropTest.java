package io.deitstream.image;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole preprocessing against the crops Pillow 9.4 gives for the same files
 * (testdata/golden, made by scripts/make_golden_fixtures.py): every format, colour mode and
 * EXIF orientation, plus the photos in data/images.
 */
class GoldenCropTest {

    private static final Path MANIFEST = Path.of("testdata/golden/manifest.json");

    /**
     * PNG, BMP, GIF and lossless WebP decode to the very samples Pillow's decoders give, and JPEG
     * too: the JDK's libjpeg produces the same raw samples as Pillow's libjpeg-turbo (ISLOW IDCT,
     * same fancy chroma upsampling) and the colour conversion is libjpeg's own integer code. So
     * every crop must match byte for byte.
     */
    private static final int EXACT = 0;
    /**
     * Lossy WebP (VP8) is decoded by TwelveMonkeys, which upsamples chroma by repeating each
     * sample over its 2x2 block and converts YCbCr to RGB in its own arithmetic, where libwebp
     * interpolates chroma ("fancy upsampling") and uses 14-bit fixed point. The error therefore
     * concentrates on sharp colour edges: measured worst 29 on a photo and 111 on a synthetic
     * picture of saturated flat shapes; mean 1.95 and 1.53 levels (testdata/README.md).
     */
    private static final int LOSSY_WEBP_MAX_DIFF = 111;
    private static final double LOSSY_WEBP_MAX_MEAN_DIFF = 2.0;

    private static final Map<String, String> measured = new TreeMap<>();

    @TestFactory
    List<DynamicTest> cropsMatchPillow() throws IOException {
        JsonObject manifest = JsonParser.parseString(Files.readString(MANIFEST)).getAsJsonObject();
        assertThat(manifest.get("pillow").getAsString()).isEqualTo("9.4.0");
        ImagePreprocessor preprocessor = new ImagePreprocessor(new ImageLimits(8 << 20, 10_000_000));
        List<DynamicTest> tests = new ArrayList<>();
        for (var element : manifest.getAsJsonArray("images")) {
            JsonObject entry = element.getAsJsonObject();
            String image = entry.get("image").getAsString();
            String format = entry.get("format").getAsString();
            tests.add(DynamicTest.dynamicTest(image + " (" + entry.get("note").getAsString() + ")", () -> {
                byte[] expected = gunzip(Path.of(entry.get("golden").getAsString()));
                byte[] actual = preprocessor.preprocess(Files.readAllBytes(Path.of(image)));
                assertThat(actual).hasSize(ImagePreprocessor.CROP_BYTES);
                int worst = maxAbsDiff(actual, expected);
                double mean = meanAbsDiff(actual, expected);
                measured.put(format + " " + image, String.format("worst %3d  mean %.3f", worst, mean));
                if (entry.get("lossy_webp").getAsBoolean()) {
                    assertThat(worst).as("worst |Java - Pillow| over the crop of %s", image)
                            .isLessThanOrEqualTo(LOSSY_WEBP_MAX_DIFF);
                    assertThat(mean).as("mean |Java - Pillow| over the crop of %s", image)
                            .isLessThanOrEqualTo(LOSSY_WEBP_MAX_MEAN_DIFF);
                } else {
                    assertThat(worst).as("worst |Java - Pillow| over the crop of %s (%s): must be identical", image, format)
                            .isEqualTo(EXACT);
                }
            }));
        }
        return tests;
    }

    @AfterAll
    static void report() {
        System.out.println("Per-byte |Java - Pillow 9.4| over each 224x224x3 crop:");
        measured.forEach((image, diff) -> System.out.println("  " + diff + "  " + image));
    }

    static int maxAbsDiff(byte[] a, byte[] b) {
        int worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs((a[i] & 0xff) - (b[i] & 0xff)));
        }
        return worst;
    }

    static double meanAbsDiff(byte[] a, byte[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return (double) sum / a.length;
    }

    private static byte[] gunzip(Path path) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
            return in.readAllBytes();
        }
    }
}
