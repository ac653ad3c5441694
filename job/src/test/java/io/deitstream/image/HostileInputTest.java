package io.deitstream.image;

import io.deitstream.schema.ReasonCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Inputs built to hurt: headers that declare huge images (must be refused before any pixel
 * buffer exists) and randomly damaged files (must fail as ImageRejectedException, never as a
 * RuntimeException or Error, and never hang).
 */
class HostileInputTest {

    /** Raise with -Dimage.fuzz.iterations=20000 for a longer local run. */
    private static final int FUZZ_ITERATIONS = Integer.getInteger("image.fuzz.iterations", 400);
    /** Far above the few milliseconds a damaged small file takes; a hang would exceed it. */
    private static final long MAX_MILLIS_PER_FILE = 10_000;

    private final ImagePreprocessor preprocessor = new ImagePreprocessor(new ImageLimits(1 << 20, 4_000_000));

    @Test
    void webpBombIsRejectedFromItsHeader() throws IOException {
        byte[] webp = Files.readAllBytes(Path.of("testdata/images/webp_lossless_233x175.webp"));
        assertThat(new String(webp, 12, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("VP8L");
        // VP8L header after the 0x2f signature: 14 bits width - 1, 14 bits height - 1 -> 16384 x 16384.
        webp[21] = (byte) 0xFF;
        webp[22] = (byte) 0xFF;
        webp[23] = (byte) 0xFF;
        webp[24] = (byte) (webp[24] | 0x0F);
        assertRejected(webp, ReasonCode.TOO_MANY_PIXELS);
    }

    @Test
    void bmpRunLengthBombIsRejectedFromItsHeader() {
        // An 8-bit RLE BMP declaring 100000 x 100000 pixels in 70 bytes.
        ByteBuffer b = ByteBuffer.allocate(14 + 40 + 8 + 6).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(b.capacity()).putInt(0).putInt(14 + 40 + 8);
        b.putInt(40).putInt(100_000).putInt(100_000).putShort((short) 1).putShort((short) 8)
                .putInt(1 /* BI_RLE8 */).putInt(6).putInt(2835).putInt(2835).putInt(2).putInt(0);
        b.putInt(0x000000).putInt(0xFFFFFF);
        b.put(new byte[] {(byte) 255, 1, 0, 0, 0, 1});
        assertRejected(b.array(), ReasonCode.TOO_MANY_PIXELS);
    }

    @Test
    void gifCanvasCountsNotJustTheFrame() throws IOException {
        // A small frame on a 65535 x 65535 logical screen: Pillow would allocate the screen.
        byte[] gif = Files.readAllBytes(Path.of("testdata/images/gif_199x150.gif"));
        ByteBuffer.wrap(gif).order(ByteOrder.LITTLE_ENDIAN).putShort(6, (short) -1).putShort(8, (short) -1);
        assertRejected(gif, ReasonCode.TOO_MANY_PIXELS);
    }

    @Test
    void decoderRunningPastTheEndOfTheDataIsStopped() throws IOException {
        // Found by fuzzing: a VP8X canvas height of 65322 over a 150x90 lossless bitstream made
        // TwelveMonkeys decode ~10M pixels out of nothing, swallowing EOF each time (30 s).
        byte[] webp = Files.readAllBytes(Path.of("testdata/images/webp_exif_orientation_6.webp"));
        assertThat(new String(webp, 12, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("VP8X");
        webp[27] = 0x29; // canvas height - 1, 24-bit little-endian at offset 27
        webp[28] = (byte) 0xFF;
        webp[29] = 0;
        ImagePreprocessor generous = new ImagePreprocessor(new ImageLimits(1 << 20, 20_000_000));
        long start = System.nanoTime();
        assertThatThrownBy(() -> generous.preprocess(webp))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(ReasonCode.CORRUPT_IMAGE));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void damagedFilesFailCleanly() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> images = Files.list(Path.of("testdata/images"))) {
            images.sorted().forEach(files::add);
        }
        Random random = new Random(20261204);
        for (int i = 0; i < FUZZ_ITERATIONS; i++) {
            Path file = files.get(random.nextInt(files.size()));
            byte[] damaged = damage(Files.readAllBytes(file), random);
            long start = System.nanoTime();
            try {
                assertThat(preprocessor.preprocess(damaged)).hasSize(ImagePreprocessor.CROP_BYTES);
            } catch (ImageRejectedException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (RuntimeException | Error e) {
                fail("iteration " + i + ", damaged " + file + ": " + e, e);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("iteration %d, damaged %s", i, file).isLessThan(MAX_MILLIS_PER_FILE);
        }
    }

    /** Random bytes overwritten, a truncation, or a marker-like 0xFF planted in the header. */
    private static byte[] damage(byte[] data, Random random) {
        switch (random.nextInt(3)) {
            case 0 -> {
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    data[random.nextInt(data.length)] = (byte) random.nextInt(256);
                }
                return data;
            }
            case 1 -> {
                return Arrays.copyOf(data, 1 + random.nextInt(data.length));
            }
            default -> {
                int at = random.nextInt(Math.min(data.length - 1, 64));
                data[at] = (byte) random.nextInt(256);
                data[at + 1] = (byte) 0xFF;
                return data;
            }
        }
    }

    private void assertRejected(byte[] data, ReasonCode reason) {
        assertThatThrownBy(() -> preprocessor.preprocess(data))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }
}
