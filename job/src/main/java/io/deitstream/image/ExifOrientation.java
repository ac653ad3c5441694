package io.deitstream.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the EXIF Orientation (tag 0x0112 of IFD0) the way Pillow 9.4's {@code Image.getexif()}
 * does, for {@code ImageOps.exif_transpose}:
 * <ul>
 *   <li>an optional "Exif\0\0" prefix, then a classic TIFF header (II or MM);</li>
 *   <li>IFD0 entries of a type Pillow does not know are skipped; a later entry for the same tag
 *       replaces an earlier one; an entry whose out-of-line value runs past the data ends the
 *       walk, keeping what was read;</li>
 *   <li>the first value is used, and it counts when it equals an integer 2..8 whatever its
 *       numeric type (Python's {@code dict.get} matches 6.0 or 12/2 to 6); BYTE, ASCII and
 *       UNDEFINED values are bytes or text in Pillow and never match.</li>
 * </ul>
 * Anything unreadable counts as no Orientation entry. Pillow itself raises on an EXIF block
 * whose TIFF header is invalid; the job prefers to classify such an image unrotated.
 */
final class ExifOrientation {

    /** No Orientation entry: for PNG, Pillow then looks at XMP. */
    static final int ABSENT = 0;
    /** Stored upright; also what any value other than 2..8 amounts to. */
    static final int NORMAL = 1;
    private static final int ORIENTATION_TAG = 0x0112;
    /** Bytes per value for the TIFF types Pillow 9.4 loads; 0 for types it skips. */
    private static final int[] UNIT_SIZE = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8};

    private ExifOrientation() {
    }

    /** The orientation 1..8 the EXIF block's Orientation entry amounts to; {@link #ABSENT} if none. */
    static int read(byte[] exif) {
        if (exif == null) {
            return ABSENT;
        }
        int start = startsWithExifHeader(exif) ? 6 : 0;
        ByteBuffer tiff = ByteBuffer.wrap(exif, start, exif.length - start).slice();
        if (tiff.remaining() < 8) {
            return ABSENT;
        }
        if (tiff.get(0) == 'I' && tiff.get(1) == 'I') {
            tiff.order(ByteOrder.LITTLE_ENDIAN);
        } else if (tiff.get(0) != 'M' || tiff.get(1) != 'M') {
            return ABSENT;
        }
        // Pillow accepts the magic 42 in either byte order within the header.
        if (!((tiff.get(2) == 0 && tiff.get(3) == 42) || (tiff.get(2) == 42 && tiff.get(3) == 0))) {
            return ABSENT;
        }
        return orientation(tiff, Integer.toUnsignedLong(tiff.getInt(4)));
    }

    private static int orientation(ByteBuffer tiff, long ifd) {
        if (ifd + 2 > tiff.limit()) {
            return ABSENT;
        }
        int count = Short.toUnsignedInt(tiff.getShort((int) ifd));
        int result = ABSENT;
        for (int i = 0; i < count; i++) {
            int entry = (int) ifd + 2 + 12 * i;
            if (entry + 12 > tiff.limit()) {
                break;
            }
            int tag = Short.toUnsignedInt(tiff.getShort(entry));
            int type = Short.toUnsignedInt(tiff.getShort(entry + 2));
            long values = Integer.toUnsignedLong(tiff.getInt(entry + 4));
            int unit = type < UNIT_SIZE.length ? UNIT_SIZE[type] : 0;
            if (unit == 0 || values == 0) {
                continue; // a type Pillow skips, or no value at all
            }
            long size = values * unit;
            long at = entry + 8;
            if (size > 4) {
                at = Integer.toUnsignedLong(tiff.getInt(entry + 8));
                if (at + size > tiff.limit()) {
                    break; // Pillow's read fails here and ends the IFD walk
                }
            }
            if (tag == ORIENTATION_TAG) {
                result = firstValueAsOrientation(tiff, (int) at, type);
            }
        }
        return result;
    }

    private static int firstValueAsOrientation(ByteBuffer tiff, int at, int type) {
        double value = switch (type) {
            case 3 -> Short.toUnsignedInt(tiff.getShort(at));
            case 4, 13 -> Integer.toUnsignedLong(tiff.getInt(at));
            case 5 -> ratio(Integer.toUnsignedLong(tiff.getInt(at)), Integer.toUnsignedLong(tiff.getInt(at + 4)));
            case 6 -> tiff.get(at);
            case 8 -> tiff.getShort(at);
            case 9 -> tiff.getInt(at);
            case 10 -> ratio(tiff.getInt(at), tiff.getInt(at + 4));
            case 11 -> tiff.getFloat(at);
            case 12 -> tiff.getDouble(at);
            case 16 -> tiff.getLong(at);
            default -> Double.NaN; // BYTE, ASCII, UNDEFINED: bytes or text in Pillow
        };
        return effective(value);
    }

    /**
     * What exif_transpose does with a value: it looks it up in a dict keyed 2..8, so any number
     * equal to one of those selects a transpose and everything else leaves the image as stored.
     */
    static int effective(double value) {
        return value >= 2 && value <= 8 && value == Math.rint(value) ? (int) value : NORMAL;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }

    private static boolean startsWithExifHeader(byte[] data) {
        return data.length >= 6 && data[0] == 'E' && data[1] == 'x' && data[2] == 'i' && data[3] == 'f'
                && data[4] == 0 && data[5] == 0;
    }
}
