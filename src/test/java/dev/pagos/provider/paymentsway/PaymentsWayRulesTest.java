package dev.pagos.provider.paymentsway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.money.Money;
import dev.pagos.provider.ConfirmedPayment.Stage;
import dev.pagos.provider.ProviderRejectedException;
import dev.pagos.provider.WebhookRejectedException;
import dev.pagos.provider.paymentsway.PaymentsWayMapping.TransactionStatus;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** PaymentsWay's rules that need no server: statuses, checksum, amounts. */
class PaymentsWayRulesTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyAttestedStatusHasItsStage() {
        assertEquals(Stage.AWAITING_BUYER, PaymentsWayMapping.stageOf(TransactionStatus.CREATED));
        assertEquals(Stage.AWAITING_BUYER, PaymentsWayMapping.stageOf(TransactionStatus.PENDING));
        assertEquals(Stage.AWAITING_BUYER, PaymentsWayMapping.stageOf(TransactionStatus.CASH_PENDING));
        assertEquals(Stage.CAPTURED, PaymentsWayMapping.stageOf(TransactionStatus.SUCCESS));
        assertEquals(Stage.DECLINED, PaymentsWayMapping.stageOf(TransactionStatus.FAILED));
        assertEquals(Stage.DECLINED, PaymentsWayMapping.stageOf(TransactionStatus.CANCELLED));
        assertEquals(Stage.REFUNDED, PaymentsWayMapping.stageOf(TransactionStatus.REFUNDED));
        assertEquals(Optional.of(TransactionStatus.SUCCESS), TransactionStatus.ofId(34));
        assertEquals(Optional.empty(), TransactionStatus.ofId(37));
    }

    @Test
    void anUnknownStatusIsRefusedNotGuessed() throws Exception {
        assertThrows(ProviderRejectedException.class, () -> PaymentsWayReplies.statusOf(json.readTree(
                "{\"id\":\"1\",\"idstatus\":{\"id\":37}}")));
        assertEquals(TransactionStatus.SUCCESS, PaymentsWayReplies.statusOf(json.readTree(
                "{\"id\":\"1\",\"idstatus\":{\"id\":\"34\",\"nombre\":\"Exitosa\"}}")));
    }

    @Test
    void theChecksumIsSha256OverTheAttestedFieldOrder() {
        // echo -n '1;key;2;100000;order-1' | sha256sum
        assertEquals("d62f8877483e2eb61412279c0691cb2a9f6a4af41429cfa94fee277ff042f9eb", PaymentsWayChecksum.of("1", "key", "2", "100000", "order-1"));
        assertTrue(PaymentsWayChecksum.same(sha256("x"), sha256("x").toUpperCase()));
        assertFalse(PaymentsWayChecksum.same(sha256("x"), null));
        assertFalse(PaymentsWayChecksum.same(sha256("x"), sha256("y")));
    }

    @Test
    void theAmountIsSignedAsAttested() throws Exception {
        assertEquals(Set.of("512000", "512000.00"), PaymentsWayWebhooks.amountsAsSigned(json.readTree("{\"amount\":512000}")));
        assertEquals(Set.of("512000", "512000.00"), PaymentsWayWebhooks.amountsAsSigned(json.readTree("{\"ammount\":512000.0}")));
        assertEquals(Set.of("512000", "512000.00"),
                PaymentsWayWebhooks.amountsAsSigned(json.readTree("{\"amount\":\"512000.00\"}")));
        assertEquals(Set.of("10.5"), PaymentsWayWebhooks.amountsAsSigned(json.readTree("{\"amount\":10.50}")));
        assertThrows(WebhookRejectedException.class,
                () -> PaymentsWayWebhooks.amountsAsSigned(json.readTree("{\"amount\":1,\"ammount\":2}")));
        assertThrows(WebhookRejectedException.class, () -> PaymentsWayWebhooks.amountsAsSigned(json.readTree("{}")));
    }

    @Test
    void copCentsGoToPaymentsWayAsWholePesosOrNotAtAll() {
        assertEquals(512_000, PaymentsWayCheckoutProvider.pesos(Money.of(51_200_000, "COP")));
        assertThrows(ProviderRejectedException.class, () -> PaymentsWayCheckoutProvider.pesos(Money.of(51_200_050, "COP")));
        assertThrows(ProviderRejectedException.class, () -> PaymentsWayCheckoutProvider.pesos(Money.of(1_000, "USD")));
    }

    @Test
    void confirmedAmountsAreConvertedExactlyOrNotAtAll() throws Exception {
        assertEquals(Money.of(51_200_000, "COP"), PaymentsWayReplies.moneyOf(json.readTree(
                "{\"amount\":512000,\"currencycode\":{\"code\":\"COP\"}}")));
        assertEquals(Money.of(51_200_050, "COP"), PaymentsWayReplies.moneyOf(json.readTree(
                "{\"amount\":\"512000.50\",\"currencycode\":\"cop\"}")));
        assertEquals(null, PaymentsWayReplies.moneyOf(json.readTree("{\"amount\":\"512000.505\",\"currencycode\":\"COP\"}")));
        assertEquals(null, PaymentsWayReplies.moneyOf(json.readTree("{\"amount\":512000}")));
        assertEquals(null, PaymentsWayReplies.moneyOf(json.readTree("{\"amount\":-1,\"currencycode\":\"COP\"}")));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
