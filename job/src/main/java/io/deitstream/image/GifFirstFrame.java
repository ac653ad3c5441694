package io.deitstream.image;

/**
 * Where a GIF's first frame sits on its canvas, read from the header the way Pillow 9.4's
 * GifImagePlugin does. Pillow's image is the logical screen (grown to fit the frame if the frame
 * sticks out), filled with the first frame's transparent index, or index 0 when it has none, with
 * the frame decoded into place; the JDK's reader returns the frame alone.
 *
 * @param placement the canvas Pillow gives the frame
 * @param fillIndex the palette index of canvas pixels outside the frame
 */
record GifFirstFrame(FramePlacement placement, int fillIndex) {

    /** The first frame's placement, or null when the header ends before an image descriptor. */
    static GifFirstFrame parse(byte[] d) {
        if (d.length < 13) {
            return null;
        }
        int screenWidth = u16(d, 6);
        int screenHeight = u16(d, 8);
        int flags = d[10] & 0xff;
        int pos = 13 + ((flags & 0x80) != 0 ? 3 << ((flags & 7) + 1) : 0); // skip the global colour table
        int transparency = -1;
        while (pos < d.length) {
            int block = d[pos] & 0xff;
            if (block == 0x2C) { // image descriptor
                if (pos + 9 > d.length) {
                    return null;
                }
                int left = u16(d, pos + 1);
                int top = u16(d, pos + 3);
                int right = left + u16(d, pos + 5);
                int bottom = top + u16(d, pos + 7);
                return new GifFirstFrame(new FramePlacement(Math.max(screenWidth, right), Math.max(screenHeight, bottom),
                        left, top), Math.max(transparency, 0));
            }
            if (block == 0x3B) { // trailer
                return null;
            }
            if (block != 0x21) {
                pos++; // Pillow ignores stray bytes between blocks
                continue;
            }
            if (pos + 2 >= d.length) {
                return null;
            }
            boolean graphicControl = (d[pos + 1] & 0xff) == 0xF9;
            pos += 2;
            // The extension's sub-blocks, each led by its size, up to an empty one.
            boolean first = true;
            while (pos < d.length && d[pos] != 0) {
                int size = d[pos] & 0xff;
                if (first && graphicControl && size >= 4 && pos + 4 < d.length && (d[pos + 1] & 1) != 0) {
                    transparency = d[pos + 4] & 0xff;
                }
                first = false;
                pos += size + 1;
            }
            pos++;
        }
        return null;
    }

    private static int u16(byte[] d, int at) {
        return (d[at] & 0xff) | (d[at + 1] & 0xff) << 8;
    }
}
