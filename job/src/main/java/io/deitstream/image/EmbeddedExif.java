package io.deitstream.image;

import java.util.Arrays;

/**
 * Finds the EXIF block Pillow 9.4 reads from PNG and WebP containers (JPEG's comes from
 * {@link JpegHeader}). Walking the container's chunk list is not decoding: the pixels are left to
 * the image readers. Malformed chunk lists end the walk; nothing here throws.
 */
final class EmbeddedExif {

    private EmbeddedExif() {
    }

    /**
     * The data of the PNG {@code eXIf} chunk Pillow uses: the last one before IDAT (read when the
     * file is opened), or, when there is none there, the last one after it (read by load()).
     */
    static byte[] png(byte[] data) {
        byte[] beforeIdat = null;
        byte[] afterIdat = null;
        boolean idatSeen = false;
        int pos = 8; // after the signature
        while (pos + 8 <= data.length) {
            long length = Integer.toUnsignedLong(readIntBigEndian(data, pos));
            int start = pos + 8;
            if (start + length > data.length) {
                break;
            }
            int end = start + (int) length;
            if (isType(data, pos + 4, "IDAT")) {
                idatSeen = true;
            } else if (isType(data, pos + 4, "eXIf")) {
                byte[] exif = Arrays.copyOfRange(data, start, end);
                if (idatSeen) {
                    afterIdat = exif;
                } else {
                    beforeIdat = exif;
                }
            } else if (isType(data, pos + 4, "IEND")) {
                break;
            }
            pos = end + 4; // skip the CRC
        }
        return beforeIdat != null ? beforeIdat : afterIdat;
    }

    /**
     * The first {@code EXIF} chunk of an extended (VP8X) WebP file, which is what libwebp's
     * demuxer hands Pillow; simple-format files carry no metadata.
     */
    static byte[] webp(byte[] data) {
        int pos = 12; // after "RIFF", size, "WEBP"
        if (pos + 8 > data.length || !isType(data, pos, "VP8X")) {
            return null;
        }
        while (pos + 8 <= data.length) {
            long size = Integer.toUnsignedLong(readIntLittleEndian(data, pos + 4));
            int start = pos + 8;
            if (start + size > data.length) {
                break;
            }
            if (isType(data, pos, "EXIF")) {
                return Arrays.copyOfRange(data, start, start + (int) size);
            }
            pos = start + (int) size + (int) (size & 1); // chunks are padded to even sizes
        }
        return null;
    }

    private static boolean isType(byte[] data, int at, String fourCc) {
        for (int i = 0; i < 4; i++) {
            if (data[at + i] != fourCc.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int readIntBigEndian(byte[] d, int at) {
        return (d[at] & 0xff) << 24 | (d[at + 1] & 0xff) << 16 | (d[at + 2] & 0xff) << 8 | (d[at + 3] & 0xff);
    }

    private static int readIntLittleEndian(byte[] d, int at) {
        return (d[at + 3] & 0xff) << 24 | (d[at + 2] & 0xff) << 16 | (d[at + 1] & 0xff) << 8 | (d[at] & 0xff);
    }
}
