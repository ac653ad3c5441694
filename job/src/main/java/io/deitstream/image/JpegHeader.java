package io.deitstream.image;

import java.util.Arrays;

/**
 * What a JPEG's markers before the first scan say about its colour and orientation: the facts
 * libjpeg (inside Pillow) uses to pick the colour space of the stored samples, and the Exif
 * block Pillow reads its orientation from. Parsing never throws: a malformed marker sequence ends
 * the walk, and the decoder then reports the file as corrupt.
 *
 * @param precision      bits per sample in the frame header (0 if no SOF was seen)
 * @param components     number of components in the frame header (0 if no SOF was seen)
 * @param componentIds   their ids, in frame order
 * @param jfif           an APP0 "JFIF\0" marker of at least 14 bytes was seen (libjpeg's test)
 * @param adobeTransform the transform byte of the last APP14 "Adobe" marker, or -1 if none
 * @param exif           the payload of the first APP1 starting "Exif\0", or null
 */
record JpegHeader(int precision, int components, int[] componentIds, boolean jfif, int adobeTransform, byte[] exif) {

    /** The colour spaces libjpeg can assign to the stored samples. */
    enum ColourSpace { GREYSCALE, YCBCR, RGB, CMYK, YCCK }

    private static final int SOS = 0xDA;
    private static final int APP0 = 0xE0;
    private static final int APP1 = 0xE1;
    private static final int APP14 = 0xEE;

    static JpegHeader parse(byte[] data) {
        int precision = 0;
        int components = 0;
        int[] ids = new int[0];
        boolean jfif = false;
        int adobeTransform = -1;
        byte[] exif = null;
        int pos = 2; // after SOI
        while (pos + 1 < data.length) {
            if ((data[pos] & 0xff) != 0xFF) {
                pos++; // junk between markers: skipped, as Pillow and libjpeg do
                continue;
            }
            int marker = data[pos + 1] & 0xff;
            if (marker == 0xFF || marker == 0x00) {
                pos++; // fill byte or stuffed zero
                continue;
            }
            if (marker == SOS || pos + 3 >= data.length) {
                break;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                pos += 2; // standalone markers carry no length
                continue;
            }
            int length = ((data[pos + 2] & 0xff) << 8) | (data[pos + 3] & 0xff);
            int start = pos + 4;
            int end = pos + 2 + length;
            if (length < 2 || end > data.length) {
                break;
            }
            int size = end - start;
            if (marker == APP0 && size >= 14 && startsWith(data, start, "JFIF\0")) {
                jfif = true;
            } else if (marker == APP1 && exif == null && startsWith(data, start, "Exif\0")) {
                exif = Arrays.copyOfRange(data, start, end);
            } else if (marker == APP14 && size >= 12 && startsWith(data, start, "Adobe")) {
                adobeTransform = data[start + 11] & 0xff;
            } else if (isStartOfFrame(marker) && size >= 6) {
                precision = data[start] & 0xff;
                components = data[start + 5] & 0xff;
                ids = new int[Math.min(components, (size - 6) / 3)];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = data[start + 6 + 3 * i] & 0xff;
                }
            }
            pos = end;
        }
        return new JpegHeader(precision, components, ids, jfif, adobeTransform, exif);
    }

    /** Pillow opens only 8-bit JPEGs with 1 (L), 3 (RGB) or 4 (CMYK) components. */
    boolean pillowSupported() {
        return precision == 8 && (components == 1 || components == 3 || components == 4);
    }

    /**
     * The colour space of the stored samples, by libjpeg's {@code default_decompress_parms}:
     * JFIF means YCbCr; else an Adobe marker's transform decides; else component ids 'R','G','B'
     * mean RGB; 4 components are CMYK unless an Adobe transform says YCCK. Only for
     * {@link #pillowSupported()} headers.
     */
    ColourSpace colourSpace() {
        return switch (components) {
            case 1 -> ColourSpace.GREYSCALE;
            case 3 -> {
                if (jfif) {
                    yield ColourSpace.YCBCR;
                }
                if (adobeTransform >= 0) {
                    yield adobeTransform == 0 ? ColourSpace.RGB : ColourSpace.YCBCR;
                }
                boolean rgbIds = componentIds.length == 3
                        && componentIds[0] == 'R' && componentIds[1] == 'G' && componentIds[2] == 'B';
                yield rgbIds ? ColourSpace.RGB : ColourSpace.YCBCR;
            }
            case 4 -> adobeTransform < 0 || adobeTransform == 0 ? ColourSpace.CMYK : ColourSpace.YCCK;
            default -> throw new IllegalStateException(components + " colour components");
        };
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean startsWith(byte[] data, int offset, String ascii) {
        if (offset + ascii.length() > data.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (data[offset + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
