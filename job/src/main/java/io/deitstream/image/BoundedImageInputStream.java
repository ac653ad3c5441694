package io.deitstream.image;

import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStreamImpl;
import java.util.Objects;

/**
 * An {@link javax.imageio.stream.ImageInputStream} over the encoded bytes that stops a decoder
 * from running on past the end of the data. TwelveMonkeys' lossless WebP decoder swallows
 * end-of-file and keeps decoding from nothing: a 7 KB file whose header claimed a 150x65322
 * canvas took 30 s, one EOFException per symbol. After {@link #END_READS_ALLOWED} reads at the
 * end this stream throws an {@link IIOException}, which is not an EOFException and so is not
 * swallowed. Well-formed files hit the end at most a few times.
 */
final class BoundedImageInputStream extends ImageInputStreamImpl {

    static final int END_READS_ALLOWED = 64;

    private final byte[] data;
    private int endReads;

    BoundedImageInputStream(byte[] data) {
        this.data = Objects.requireNonNull(data);
    }

    @Override
    public int read() throws IIOException {
        bitOffset = 0;
        if (streamPos >= data.length) {
            return atEnd();
        }
        return data[(int) streamPos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IIOException {
        Objects.checkFromIndexSize(off, len, b.length);
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        if (streamPos >= data.length) {
            return atEnd();
        }
        int n = (int) Math.min(len, data.length - streamPos);
        System.arraycopy(data, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return data.length;
    }

    private int atEnd() throws IIOException {
        if (++endReads > END_READS_ALLOWED) {
            throw new IIOException("the decoder kept reading past the end of the data (" + data.length + " bytes)");
        }
        return -1;
    }
}
