package io.deitstream.image;

/**
 * The encoded formats the job decodes, recognised by their leading "magic" bytes the way each
 * Pillow plugin's {@code _accept} recognises them, never by a file name or a declared type.
 */
enum ImageFormat {
    JPEG("jpeg"),
    PNG("png"),
    GIF("gif"),
    BMP("bmp"),
    WEBP("webp");

    /** The ImageIO format name whose readers decode this format. */
    final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The format of {@code data}, or null when none of ours starts that way. */
    static ImageFormat detect(byte[] data) {
        if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWith(data, 0, 'G', 'I', 'F', '8') && (startsWith(data, 4, '7', 'a') || startsWith(data, 4, '9', 'a'))) {
            return GIF;
        }
        if (startsWith(data, 0, 'B', 'M')) {
            return BMP;
        }
        if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
            return WEBP;
        }
        return null;
    }

    private static boolean startsWith(byte[] data, int offset, int... magic) {
        if (data.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[offset + i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
