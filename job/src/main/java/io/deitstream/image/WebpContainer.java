package io.deitstream.image;

import java.util.Arrays;

/**
 * What Pillow 9.4 (through libwebp's demuxer and animation decoder) takes from a WebP file's
 * RIFF chunks besides the pixels: the EXIF block, and for an animation the canvas the first frame
 * is drawn on. Only extended (VP8X) files carry either. Walking the chunk list is not decoding;
 * a malformed list ends the walk.
 */
final class WebpContainer {

    private static final int ANIMATION_FLAG = 0x02;

    private WebpContainer() {
    }

    /** The data of the first {@code EXIF} chunk, or null. */
    static byte[] exif(byte[] data) {
        int at = findChunk(data, "EXIF");
        return at < 0 ? null : Arrays.copyOfRange(data, at + 8, at + 8 + (int) chunkSize(data, at));
    }

    /**
     * For an animation, the VP8X canvas and where the first ANMF frame sits on it (libwebp's
     * animation decoder starts from a transparent black canvas); null for a still image.
     */
    static FramePlacement firstFrame(byte[] data) {
        if (!isExtended(data) || data.length < 30 || (data[20] & ANIMATION_FLAG) == 0) {
            return null;
        }
        int frame = findChunk(data, "ANMF");
        if (frame < 0 || chunkSize(data, frame) < 16) {
            return null;
        }
        return new FramePlacement(u24(data, 24) + 1, u24(data, 27) + 1, 2 * u24(data, frame + 8), 2 * u24(data, frame + 11));
    }

    /** The offset of the first chunk of this type in an extended file, or -1. */
    private static int findChunk(byte[] data, String fourCc) {
        if (!isExtended(data)) {
            return -1;
        }
        int pos = 12; // after "RIFF", size, "WEBP"
        while (pos + 8 <= data.length) {
            long size = chunkSize(data, pos);
            if (pos + 8 + size > data.length) {
                return -1;
            }
            if (isFourCc(data, pos, fourCc)) {
                return pos;
            }
            pos += 8 + (int) size + (int) (size & 1); // chunks are padded to even sizes
        }
        return -1;
    }

    private static boolean isExtended(byte[] data) {
        return data.length >= 20 && isFourCc(data, 12, "VP8X");
    }

    private static long chunkSize(byte[] data, int at) {
        return u24(data, at + 4) | (long) (data[at + 7] & 0xff) << 24;
    }

    private static int u24(byte[] d, int at) {
        return (d[at] & 0xff) | (d[at + 1] & 0xff) << 8 | (d[at + 2] & 0xff) << 16;
    }

    private static boolean isFourCc(byte[] data, int at, String fourCc) {
        for (int i = 0; i < 4; i++) {
            if (data[at + i] != fourCc.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
