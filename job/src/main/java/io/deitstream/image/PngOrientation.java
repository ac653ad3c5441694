package io.deitstream.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The orientation Pillow 9.4's {@code exif_transpose} reads from a PNG. {@code getexif()} takes,
 * in this order:
 * <ol>
 *   <li>{@code info["exif"]}: an {@code eXIf} chunk, or a {@code tEXt} chunk keyed "exif"
 *       (the later chunk wins);</li>
 *   <li>else the hex dump in a text chunk keyed "Raw profile type exif" (ImageMagick's way);</li>
 *   <li>and, if that EXIF has no Orientation entry, {@code tiff:Orientation} in the XMP packet
 *       of a text chunk keyed "XML:com.adobe.xmp".</li>
 * </ol>
 * Chunks before IDAT are read when the file is opened; those after it only if the opened file
 * had no "exif" yet (getexif then loads the image). Compressed text is inflated up to Pillow's
 * 1 MB limit; where Pillow would raise (bad hex, oversized text), the image stays as stored.
 */
final class PngOrientation {

    private static final Pattern XMP_ORIENTATION = Pattern.compile("tiff:Orientation(=\"|>)([0-9])");
    private static final int MAX_TEXT_CHUNK = 1 << 20;

    /** The three info entries getexif looks at, as far as the chunks read so far set them. */
    private static final class Info {
        byte[] exif;
        String rawProfile;
        String xmp;
    }

    private PngOrientation() {
    }

    static int read(byte[] png) {
        Info atOpen = new Info();
        Info afterLoad = new Info();
        boolean idatSeen = false;
        int pos = 8; // after the signature
        while (pos + 8 <= png.length) {
            long length = (long) (png[pos] & 0xff) << 24 | (png[pos + 1] & 0xff) << 16
                    | (png[pos + 2] & 0xff) << 8 | (png[pos + 3] & 0xff);
            int start = pos + 8;
            if (start + length > png.length) {
                break;
            }
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("IEND")) {
                break;
            }
            if (type.equals("IDAT")) {
                idatSeen = true;
            } else {
                record(type, png, start, (int) length, afterLoad);
                if (!idatSeen) {
                    record(type, png, start, (int) length, atOpen);
                }
            }
            pos = start + (int) length + 4; // skip the CRC
        }
        return orientation(atOpen.exif != null ? atOpen : afterLoad);
    }

    private static int orientation(Info info) {
        byte[] exif = info.exif;
        if (exif == null && info.rawProfile != null) {
            exif = rawProfileBytes(info.rawProfile);
        }
        int fromExif = ExifOrientation.read(exif);
        if (fromExif != ExifOrientation.ABSENT || info.xmp == null) {
            return fromExif;
        }
        Matcher m = XMP_ORIENTATION.matcher(info.xmp);
        return m.find() ? ExifOrientation.effective(m.group(2).charAt(0) - '0') : ExifOrientation.ABSENT;
    }

    /** Pillow: {@code bytes.fromhex("".join(text.split("\n")[3:]))}; null where that raises. */
    private static byte[] rawProfileBytes(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder hex = new StringBuilder();
        for (int i = 3; i < lines.length; i++) {
            for (char c : lines[i].toCharArray()) {
                if (!isAsciiWhitespace(c)) {
                    hex.append(c);
                }
            }
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isAsciiWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    private static void record(String type, byte[] png, int start, int length, Info info) {
        switch (type) {
            case "eXIf" -> info.exif = Arrays.copyOfRange(png, start, start + length);
            case "tEXt" -> text(png, start, length, false, info);
            case "zTXt" -> text(png, start, length, true, info);
            case "iTXt" -> internationalText(png, start, length, info);
            default -> { }
        }
    }

    /** tEXt / zTXt: keyword, NUL, [method byte, zlib data | latin-1 text]. */
    private static void text(byte[] png, int start, int length, boolean compressed, Info info) {
        int nul = indexOfNul(png, start, start + length);
        int valueStart = nul < 0 ? start + length : nul + 1;
        String key = latin1(png, start, (nul < 0 ? start + length : nul) - start);
        if (!isWanted(key)) {
            return; // Pillow keeps every text chunk; only these three keys matter here
        }
        byte[] value = Arrays.copyOfRange(png, valueStart, start + length);
        if (compressed) {
            if (value.length > 0 && value[0] != 0) {
                return; // Pillow raises on an unknown compression method
            }
            try {
                value = value.length == 0 ? value : inflate(value, 1);
            } catch (DataFormatException e) {
                value = new byte[0]; // Pillow keeps a broken zTXt as empty text
            }
            if (value == null) {
                return;
            }
        }
        if (key.equals("exif") && !compressed) {
            info.exif = value; // Pillow keeps tEXt "exif" as bytes
        } else {
            keep(key, latin1(value, 0, value.length), info);
        }
    }

    /** iTXt: keyword, NUL, compression flag, method, language, NUL, translated keyword, NUL, UTF-8 text. */
    private static void internationalText(byte[] png, int start, int length, Info info) {
        int end = start + length;
        int nul = indexOfNul(png, start, end);
        if (nul < 0 || nul + 3 > end) {
            return;
        }
        String key = latin1(png, start, nul - start);
        if (!isWanted(key)) {
            return;
        }
        int flag = png[nul + 1] & 0xff;
        int method = png[nul + 2] & 0xff;
        int lang = indexOfNul(png, nul + 3, end);
        int translated = lang < 0 ? -1 : indexOfNul(png, lang + 1, end);
        if (translated < 0) {
            return;
        }
        byte[] value = Arrays.copyOfRange(png, translated + 1, end);
        if (flag != 0) {
            try {
                value = method == 0 ? inflate(value, 0) : null;
            } catch (DataFormatException e) {
                return; // Pillow drops a broken compressed iTXt
            }
            if (value == null) {
                return;
            }
        }
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            keep(key, decoder.decode(ByteBuffer.wrap(value)).toString(), info);
        } catch (CharacterCodingException e) {
            // Pillow drops iTXt chunks that are not valid UTF-8.
        }
    }

    private static boolean isWanted(String key) {
        return key.equals("exif") || key.equals("Raw profile type exif") || key.equals("XML:com.adobe.xmp");
    }

    private static void keep(String key, String value, Info info) {
        switch (key) {
            case "exif" -> info.exif = value.getBytes(StandardCharsets.ISO_8859_1);
            case "Raw profile type exif" -> info.rawProfile = value;
            case "XML:com.adobe.xmp" -> info.xmp = value;
            default -> { }
        }
    }

    /** zlib data from {@code offset}; null when it inflates past Pillow's 1 MB limit. */
    private static byte[] inflate(byte[] data, int offset) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, offset, data.length - offset);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished() && out.size() <= MAX_TEXT_CHUNK) {
                int got = inflater.inflate(buffer);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break; // truncated stream: Python's zlib returns what it has, so do we
                }
                out.write(buffer, 0, got);
            }
            return out.size() > MAX_TEXT_CHUNK ? null : out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    private static int indexOfNul(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String latin1(byte[] data, int offset, int length) {
        return new String(data, offset, length, StandardCharsets.ISO_8859_1);
    }
}
