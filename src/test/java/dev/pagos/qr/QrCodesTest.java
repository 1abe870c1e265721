package dev.pagos.qr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;

class QrCodesTest {

    private static final String PREFIX = "data:image/png;base64,";
    private static final String APPROVE_URL = "https://www.sandbox.paypal.com/checkoutnow?token=5O190127TN364715T";

    private static byte[] png(String dataUrl) {
        assertTrue(dataUrl.startsWith(PREFIX), dataUrl.substring(0, Math.min(40, dataUrl.length())));
        return Base64.getDecoder().decode(dataUrl.substring(PREFIX.length()));
    }

    private static BufferedImage image(String dataUrl) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png(dataUrl)));
        assertNotNull(image, "ImageIO could not read the PNG");
        return image;
    }

    private static Result decode(BufferedImage image) throws NotFoundException {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        return new MultiFormatReader().decode(bitmap, Map.of(
                DecodeHintType.POSSIBLE_FORMATS, java.util.List.of(BarcodeFormat.QR_CODE),
                DecodeHintType.PURE_BARCODE, Boolean.FALSE));
    }

    @Test
    void aRepeatedContentIsEncodedOnceAndTheCacheStaysBounded() {
        String first = QrCodes.pngDataUrl("https://www.paypal.com/checkoutnow?token=REPEATED");
        assertSame(first, QrCodes.pngDataUrl("https://www.paypal.com/checkoutnow?token=REPEATED"));
        for (int i = 0; i <= QrCodes.CACHED; i++) {
            QrCodes.pngDataUrl("https://www.paypal.com/checkoutnow?token=OTHER" + i);
        }
        String again = QrCodes.pngDataUrl("https://www.paypal.com/checkoutnow?token=REPEATED");
        assertNotSame(first, again, "the oldest entry was dropped, so it was encoded anew");
        assertEquals(first, again);
    }

    @Test
    void approveUrlRoundTrips() throws Exception {
        BufferedImage image = image(QrCodes.pngDataUrl(APPROVE_URL));
        assertEquals(256, image.getWidth());
        assertEquals(256, image.getHeight());
        Result result = decode(image);
        assertEquals(BarcodeFormat.QR_CODE, result.getBarcodeFormat());
        assertEquals(APPROVE_URL, result.getText());
    }

    @Test
    void nonAsciiContentRoundTripsAsUtf8() throws Exception {
        String content = "Pago de suscripción — ñandú 12.000 COP €";
        assertEquals(content, decode(image(QrCodes.pngDataUrl(content))).getText());
    }

    @Test
    void longContentStillFitsIn256Pixels() throws Exception {
        String content = APPROVE_URL + "&" + "x".repeat(600);
        BufferedImage image = image(QrCodes.pngDataUrl(content));
        assertEquals(256, image.getWidth());
        assertEquals(content, decode(image).getText());
    }

    @Test
    void imageIsBlackOnWhiteWithAQuietZone() throws Exception {
        BufferedImage image = image(QrCodes.pngDataUrl(APPROVE_URL));
        assertEquals(0xFFFFFFFF, image.getRGB(0, 0), "corner must be the white margin");
        assertEquals(0xFFFFFFFF, image.getRGB(255, 255), "corner must be the white margin");
        boolean anyBlack = false;
        for (int x = 0; x < 256 && !anyBlack; x++) {
            anyBlack = image.getRGB(x, 128) == 0xFF000000;
        }
        assertTrue(anyBlack, "the middle row must contain dark modules");
    }

    @Test
    void pngStartsWithSignatureAndIhdr() {
        byte[] png = png(QrCodes.pngDataUrl(APPROVE_URL));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(png, 8));
        assertEquals("IHDR", new String(png, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(1, png[24], "bit depth");
        assertEquals(0, png[25], "colour type grayscale");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n"})
    void blankContentIsRejected(String content) {
        assertThrows(IllegalArgumentException.class, () -> QrCodes.pngDataUrl(content));
    }

    @Test
    void contentTooLongForAQrCodeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> QrCodes.pngDataUrl("x".repeat(5000)));
    }
}
