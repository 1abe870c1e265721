package dev.pagos.qr;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/** QR codes as PNG data URLs, ready to drop into an {@code <img src>} or a JSON response. */
public final class QrCodes {

    public static final int SIZE_PX = 256;
    /**
     * A buyer's page polls its order every few seconds while they pay, and every answer carries the same QR
     * code: the most recent ones are kept (a few KiB each), so a poll costs no encoding, which was most of
     * GET /orders/{id}'s warm time (issue 8, bench/RESULTS.md).
     */
    static final int CACHED = 256;
    private static final Map<String, String> RECENT = Collections.synchronizedMap(
            new LinkedHashMap<>(CACHED, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > CACHED;
                }
            });

    private QrCodes() {
    }

    public static String pngDataUrl(String content) {
        if (content == null || content.isBlank()) {
            throw new IllegalArgumentException("QR content must not be blank");
        }
        String cached = RECENT.get(content);
        if (cached != null) {
            return cached;
        }
        String dataUrl = encode(content);
        RECENT.put(content, dataUrl);
        return dataUrl;
    }

    private static String encode(String content) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.MARGIN, 2);
        hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        // M survives the smudges of a phone screen photo while keeping long approve URLs at a scannable density.
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, SIZE_PX, SIZE_PX, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("content cannot be encoded as a QR code (too long?)", e);
        }
        byte[] png = MonochromePng.encode(matrix);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}
