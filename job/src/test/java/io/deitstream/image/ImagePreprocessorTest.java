package io.deitstream.image;

import io.deitstream.schema.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The preprocessor's contract: output shape and every rejection reason. */
class ImagePreprocessorTest {

    private static final ImageLimits LIMITS = new ImageLimits(1 << 20, 4_000_000);

    private final ImagePreprocessor preprocessor = new ImagePreprocessor(LIMITS);

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "bmp", "gif"})
    void solidImageBecomesSolidCrop(String format) throws Exception {
        BufferedImage image = new BufferedImage(300, 170, BufferedImage.TYPE_3BYTE_BGR);
        var g = image.createGraphics();
        g.setColor(new java.awt.Color(0, 0, 0));
        g.fillRect(0, 0, 300, 170);
        g.dispose();
        byte[] crop = preprocessor.preprocess(encode(image, format));
        assertThat(crop).hasSize(ImagePreprocessor.CROP_BYTES).containsOnly(0);
    }

    @Test
    void emptyImage() {
        assertRejected(new byte[0], ReasonCode.EMPTY_IMAGE);
    }

    @Test
    void tooLarge() {
        byte[] big = new byte[LIMITS.maxBytes() + 1];
        assertRejected(big, ReasonCode.TOO_LARGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "tiff", "text"})
    void unsupportedFormat(String kind) {
        byte[] data = switch (kind) {
            case "garbage" -> new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
            case "tiff" -> new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0, 0, 0};
            default -> "<html>not an image</html>".getBytes();
        };
        assertRejected(data, ReasonCode.UNSUPPORTED_FORMAT);
    }

    @Test
    void pngBombIsRejectedFromItsHeader() {
        // 50000 x 50000 RGB would be 7.5 GB; the header alone must reject it.
        assertRejected(png(50_000, 50_000), ReasonCode.TOO_MANY_PIXELS);
    }

    @Test
    void jpegBombIsRejectedFromItsHeader() throws IOException {
        byte[] jpeg = encode(new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR), "jpeg");
        int sof = indexOf(jpeg, (byte) 0xFF, (byte) 0xC0);
        ByteBuffer.wrap(jpeg).putShort(sof + 5, (short) 65_000).putShort(sof + 7, (short) 65_000);
        assertRejected(jpeg, ReasonCode.TOO_MANY_PIXELS);
    }

    @Test
    void gifBombIsRejectedFromItsHeader() throws IOException {
        byte[] gif = encode(new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_INDEXED), "gif");
        // Logical screen and the first image descriptor both claim 65535 x 65535.
        ByteBuffer le = ByteBuffer.wrap(gif).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        le.putShort(6, (short) -1).putShort(8, (short) -1);
        int descriptor = indexOf(gif, (byte) 0x2C, (byte) 0, (byte) 0, (byte) 0, (byte) 0);
        le.putShort(descriptor + 5, (short) -1).putShort(descriptor + 7, (short) -1);
        assertRejected(gif, ReasonCode.TOO_MANY_PIXELS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "gif", "bmp"})
    void pixelLimitAllowsExactlyTheLimit(String format) throws Exception {
        ImagePreprocessor tight = new ImagePreprocessor(new ImageLimits(1 << 20, 300 * 170));
        BufferedImage image = new BufferedImage(300, 170, BufferedImage.TYPE_3BYTE_BGR);
        assertThat(tight.preprocess(encode(image, format))).hasSize(ImagePreprocessor.CROP_BYTES);
        BufferedImage oneMore = new BufferedImage(301, 170, BufferedImage.TYPE_3BYTE_BGR);
        assertThatThrownBy(() -> tight.preprocess(encode(oneMore, format)))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.TOO_MANY_PIXELS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "gif", "bmp"})
    void truncatedFileIsCorrupt(String format) throws IOException {
        BufferedImage image = BicubicResizerTestImages.noise(120, 90);
        byte[] whole = encode(image, format);
        assertRejected(Arrays.copyOf(whole, whole.length / 2), ReasonCode.CORRUPT_IMAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg"})
    void garbageAfterTheMagicIsCorrupt(String format) throws IOException {
        byte[] broken = encode(BicubicResizerTestImages.noise(40, 30), format);
        int magic = format.equals("png") ? 8 : 3;
        for (int i = magic; i < broken.length; i++) {
            broken[i] = (byte) (i * 31 + 7);
        }
        assertRejected(broken, ReasonCode.CORRUPT_IMAGE);
    }

    @Test
    void bmpWithImpossibleBitDepthIsCorrupt() throws IOException {
        byte[] broken = encode(BicubicResizerTestImages.noise(40, 30), "bmp");
        broken[28] = 7; // bits per pixel
        assertRejected(broken, ReasonCode.CORRUPT_IMAGE);
    }

    @Test
    void gifWithGarbageImageDataIsCorrupt() throws IOException {
        byte[] broken = encode(BicubicResizerTestImages.noise(40, 30), "gif");
        // Keep the header and the image descriptor; garble the LZW data after them.
        int descriptor = indexOf(broken, (byte) 0x2C, (byte) 0, (byte) 0, (byte) 0, (byte) 0);
        for (int i = descriptor + 12; i < broken.length; i++) {
            broken[i] = (byte) 0xFF;
        }
        assertRejected(broken, ReasonCode.CORRUPT_IMAGE);
    }

    @Test
    void preprocessorIsReusableAfterRejections() throws Exception {
        byte[] good = encode(BicubicResizerTestImages.noise(64, 48), "png");
        byte[] expected = preprocessor.preprocess(good);
        assertRejected(Arrays.copyOf(good, good.length / 2), ReasonCode.CORRUPT_IMAGE);
        assertThat(preprocessor.preprocess(good)).isEqualTo(expected);
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new ImageLimits(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageLimits(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private void assertRejected(byte[] data, ReasonCode reason) {
        assertThatThrownBy(() -> preprocessor.preprocess(data))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
                    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no writer for " + format);
        }
        return out.toByteArray();
    }

    /** A PNG whose header declares width x height RGB pixels, followed by one tiny IDAT. */
    private static byte[] png(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 2 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        chunk(b, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] {8, 2, 0, 0, 0}).array());
        chunk(b, "IDAT", new byte[] {0x78, 0x01});
        chunk(b, "IEND", new byte[0]);
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void chunk(ByteBuffer b, String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(type.getBytes());
        crc.update(data);
        b.putInt(data.length).put(type.getBytes()).put(data).putInt((int) crc.getValue());
    }

    private static int indexOf(byte[] data, byte... pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
