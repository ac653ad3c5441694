package io.deitstream.image;

/**
 * A BMP's declared size, read straight from its header. The JDK's BMP reader cannot report the
 * size of an image above 2^31 pixels (it builds a SampleModel while reading the header and fails),
 * so the pixel limit is checked on these fields first.
 */
record BmpHeader(long width, long height) {

    private static final int CORE_HEADER_SIZE = 12; // OS/2 1.x: 16-bit width and height

    /** The declared size, or null when the file is too short to hold one. */
    static BmpHeader parse(byte[] d) {
        if (d.length < 26) {
            return null;
        }
        long infoSize = Integer.toUnsignedLong(intLittleEndian(d, 14));
        if (infoSize == CORE_HEADER_SIZE) {
            return new BmpHeader((d[18] & 0xff) | (d[19] & 0xff) << 8, (d[20] & 0xff) | (d[21] & 0xff) << 8);
        }
        // A negative height marks a top-down bitmap.
        return new BmpHeader(Math.abs((long) intLittleEndian(d, 18)), Math.abs((long) intLittleEndian(d, 22)));
    }

    private static int intLittleEndian(byte[] d, int at) {
        return (d[at] & 0xff) | (d[at + 1] & 0xff) << 8 | (d[at + 2] & 0xff) << 16 | (d[at + 3] & 0xff) << 24;
    }
}
