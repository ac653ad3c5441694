package io.deitstream.image;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ExifOrientation against the orientation Pillow 9.4's exif_transpose acts on, for EXIF blocks
 * built to probe its IFD reader (testdata/golden/exif_orientation.json).
 */
class ExifOrientationTest {

    @TestFactory
    List<DynamicTest> agreesWithPillow() throws IOException {
        JsonObject golden = JsonParser.parseString(
                Files.readString(Path.of("testdata/golden/exif_orientation.json"))).getAsJsonObject();
        assertThat(golden.get("pillow").getAsString()).isEqualTo("9.4.0");
        return StreamSupport.stream(golden.getAsJsonArray("cases").spliterator(), false)
                .map(e -> e.getAsJsonObject())
                .map(c -> DynamicTest.dynamicTest(c.get("name").getAsString() + " (Pillow: " + c.get("pillow_value").getAsString() + ")",
                        () -> assertThat(transposeApplied(ExifOrientation.read(HexFormat.of().parseHex(c.get("exif_hex").getAsString()))))
                                .isEqualTo(c.get("orientation").getAsInt())))
                .toList();
    }

    @Test
    void noExifHasNoOrientation() {
        assertThat(ExifOrientation.read(null)).isEqualTo(ExifOrientation.ABSENT);
    }

    /** The golden records 1 both for "no entry" and for a value exif_transpose ignores. */
    private static int transposeApplied(int orientation) {
        return Math.max(orientation, ExifOrientation.NORMAL);
    }
}
