package dev.pagos.qr;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import com.google.zxing.common.BitMatrix;

/**
 * Minimal 1-bit grayscale PNG writer. Hand-written because ImageIO pulls AWT into the native image, which
 * costs size and needs extra native-image configuration for no benefit on a two-colour picture.
 */
final class MonochromePng {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte COLOR_TYPE_GRAYSCALE = 0;
    private static final byte BIT_DEPTH = 1;
    private static final byte FILTER_NONE = 0;

    private MonochromePng() {
    }

    /** Set bits in the matrix are dark modules; in 1-bit grayscale a 1 is white, hence the inversion. */
    static byte[] encode(BitMatrix matrix) {
        int width = matrix.getWidth();
        int height = matrix.getHeight();
        int rowBytes = (width + 7) / 8;
        byte[] raw = new byte[height * (1 + rowBytes)];
        int offset = 0;
        for (int y = 0; y < height; y++) {
            raw[offset++] = FILTER_NONE;
            for (int x = 0; x < width; x++) {
                if (!matrix.get(x, y)) {
                    raw[offset + x / 8] |= (byte) (0x80 >>> (x % 8));
                }
            }
            offset += rowBytes;
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, width);
        putInt(header, 4, height);
        header[8] = BIT_DEPTH;
        header[9] = COLOR_TYPE_GRAYSCALE;
        // Bytes 10-12 stay 0 (deflate, standard filters, no interlace): the only combination every reader supports.
        chunk(out, "IHDR", header);
        chunk(out, "IDAT", deflate(raw));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        // PNG wants the zlib wrapper (header + Adler-32), which is Deflater's default (nowrap = false).
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        byte[] length = new byte[4];
        putInt(length, 0, data.length);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        byte[] crcBytes = new byte[4];
        putInt(crcBytes, 0, (int) crc.getValue());
        out.writeBytes(length);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(crcBytes);
    }

    private static void putInt(byte[] target, int at, int value) {
        target[at] = (byte) (value >>> 24);
        target[at + 1] = (byte) (value >>> 16);
        target[at + 2] = (byte) (value >>> 8);
        target[at + 3] = (byte) value;
    }
}
