package io.deitstream.image;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** BicubicResizer against Pillow 9.4's own output (testdata/golden/resize, from scripts/make_golden_fixtures.py). */
class BicubicResizerTest {

    private static final Path FIXTURES = Path.of("testdata/golden/resize");

    @TestFactory
    List<DynamicTest> matchesPillowByteForByte() throws IOException {
        JsonObject manifest = JsonParser.parseString(Files.readString(FIXTURES.resolve("manifest.json"))).getAsJsonObject();
        assertThat(manifest.get("pillow").getAsString()).isEqualTo("9.4.0");
        BicubicResizer resizer = new BicubicResizer();
        List<DynamicTest> tests = new ArrayList<>();
        for (var element : manifest.getAsJsonArray("cases")) {
            JsonObject c = element.getAsJsonObject();
            String file = c.get("file").getAsString();
            tests.add(DynamicTest.dynamicTest(file, () -> {
                JsonArray in = c.getAsJsonArray("in");
                JsonArray out = c.getAsJsonArray("out");
                RgbImage source = synthetic(c.get("pattern").getAsString(), in.get(0).getAsInt(), in.get(1).getAsInt());
                RgbImage resized = resizer.resize(source, out.get(0).getAsInt(), out.get(1).getAsInt());
                assertThat(resized.width()).isEqualTo(out.get(0).getAsInt());
                assertThat(resized.height()).isEqualTo(out.get(1).getAsInt());
                assertThat(resized.pixels()).isEqualTo(Files.readAllBytes(FIXTURES.resolve(file)));
            }));
        }
        return tests;
    }

    @Test
    void unchangedSizeRunsNoPass() {
        RgbImage image = synthetic("noise", 31, 17);
        assertThat(new BicubicResizer().resize(image, 31, 17)).isSameAs(image);
    }

    @Test
    void solidColourStaysSolidUpAndDown() {
        RgbImage solid = RgbImage.allocate(123, 45);
        for (int i = 0; i < solid.pixels().length; i += 3) {
            solid.pixels()[i] = (byte) 200;
            solid.pixels()[i + 1] = 17;
            solid.pixels()[i + 2] = (byte) 255;
        }
        BicubicResizer resizer = new BicubicResizer();
        for (int[] size : new int[][] {{256, 256}, {7, 300}, {40, 45}}) {
            byte[] out = resizer.resize(solid, size[0], size[1]).pixels();
            for (int i = 0; i < out.length; i += 3) {
                assertThat(new int[] {out[i] & 0xff, out[i + 1] & 0xff, out[i + 2] & 0xff}).containsExactly(200, 17, 255);
            }
        }
    }

    /** The same bytes as synthetic_rgb() in scripts/make_golden_fixtures.py. */
    static RgbImage synthetic(String pattern, int width, int height) {
        RgbImage image = RgbImage.allocate(width, height);
        byte[] p = image.pixels();
        if (pattern.equals("noise")) {
            for (int i = 0; i < p.length; i++) {
                p[i] = (byte) ((i * 1103515245 + 12345) >>> 16);
            }
            return image;
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = (y * width + x) * 3;
                p[o] = (byte) (x * 255 / Math.max(1, width - 1));
                p[o + 1] = (byte) (y * 255 / Math.max(1, height - 1));
                p[o + 2] = (byte) (x * 7 + y * 3);
            }
        }
        return image;
    }
}
