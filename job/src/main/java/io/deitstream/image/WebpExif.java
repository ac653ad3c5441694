package io.deitstream.image;

import java.util.Arrays;

/**
 * Finds the EXIF block of a WebP file the way libwebp's demuxer hands it to Pillow 9.4: the
 * first {@code EXIF} chunk of an extended (VP8X) file; simple-format files carry no metadata.
 * Walking the RIFF chunk list is not decoding; a malformed list ends the walk.
 */
final class WebpExif {

    private WebpExif() {
    }

    /** The EXIF chunk's data, or null. */
    static byte[] find(byte[] data) {
        int pos = 12; // after "RIFF", size, "WEBP"
        if (pos + 8 > data.length || !isFourCc(data, pos, "VP8X")) {
            return null;
        }
        while (pos + 8 <= data.length) {
            long size = (data[pos + 4] & 0xff) | (data[pos + 5] & 0xff) << 8 | (data[pos + 6] & 0xff) << 16
                    | (long) (data[pos + 7] & 0xff) << 24;
            int start = pos + 8;
            if (start + size > data.length) {
                break;
            }
            if (isFourCc(data, pos, "EXIF")) {
                return Arrays.copyOfRange(data, start, start + (int) size);
            }
            pos = start + (int) size + (int) (size & 1); // chunks are padded to even sizes
        }
        return null;
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
