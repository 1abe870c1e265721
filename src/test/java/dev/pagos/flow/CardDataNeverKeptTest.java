package dev.pagos.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.billing.Renewals;
import dev.pagos.support.Api;
import dev.pagos.support.MutableClock;
import dev.pagos.support.Subscriptions;
import dev.pagos.support.WompiFake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Card numbers and CVCs are never stored and never logged: subscribe with raw card details (approved, declined and
 * refused ones, and a failed request), capture every log line the application writes meanwhile, then dump every
 * table of the database and search both.
 */
@QuarkusTest
@QuarkusTestResource(WompiFake.class)
class CardDataNeverKeptTest {

    /** Distinctive CVCs, searched for as whole numbers (not inside a longer digit or hex run such as a UUID). */
    private static final List<String> CVCS = List.of("7391", "8264", "9157");
    private static final Pattern UUID_SHAPE = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final List<String> NUMBERS = List.of(Subscriptions.APPROVING_CARD, Subscriptions.DECLINING_CARD,
            Subscriptions.ERRORING_CARD);

    @Inject
    Renewals renewals;

    @Test
    void cardNumbersAndCvcsAppearInNoLogLineAndNoTable() {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName() != null && record.getLoggerName().contains("tomakehurst")) {
                    return; // the fake Wompi is not the application
                }
                StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    for (Object parameter : record.getParameters()) {
                        line.append(' ').append(parameter);
                    }
                }
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    line.append(' ').append(t);
                }
                lines.add(line.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            for (int i = 0; i < NUMBERS.size(); i++) {
                String user = "card-owner-" + UUID.randomUUID();
                String workspace = "ws-" + UUID.randomUUID();
                Api.as(user).body(Subscriptions.payload(workspace, NUMBERS.get(i)).replace("\"cvv\":\"123\"",
                        "\"cvv\":\"" + CVCS.get(i) + "\"")).post("/subscriptions").then().statusCode(202);
            }
            // A request refused at our edge (a bad expiry month) with a good number and CVC in it.
            Api.as("card-owner-" + UUID.randomUUID()).body(Subscriptions.payload("ws-" + UUID.randomUUID(),
                    Subscriptions.APPROVING_CARD).replace("\"month\":12", "\"month\":13").replace("\"cvv\":\"123\"",
                    "\"cvv\":\"" + CVCS.get(0) + "\"")).post("/subscriptions").then().statusCode(400);
            MutableClock.INSTANCE.advance(Duration.ofMinutes(3));
            Subscriptions.runBilling(renewals);
        } finally {
            MutableClock.INSTANCE.reset();
            root.removeHandler(capture);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("Subscription") && l.contains("of workspace")),
                "the capture saw the application's own log lines");
        // The search itself finds what it looks for.
        assertEquals(2, cardDataIn("", "card 4242 4242 4242 4242 cvc 7391").size());
        assertEquals(0, cardDataIn("", "id 3f27391a-... last four 4242").size());
        assertEquals(0, cardDataIn("", "order a908e14e-bed0-474c-8264-0a632945502f").size());
        assertEquals(1, cardDataIn("", "order a908e14e-bed0-474c-8264-0a632945502f cvc 8264").size());

        List<String> found = new ArrayList<>();
        for (String line : List.copyOf(lines)) {
            found.addAll(cardDataIn("log: ", line));
        }
        Map<String, List<String>> tables = Subscriptions.dumpAllTables();
        assertTrue(tables.containsKey("subscriptions") && tables.containsKey("charges") && tables.containsKey("webhook_inbox"));
        assertTrue(tables.get("subscriptions").size() >= 3);
        tables.forEach((table, rows) -> rows.forEach(row -> found.addAll(cardDataIn(table + ": ", row))));
        assertEquals(List.of(), found);
    }

    private static List<String> cardDataIn(String where, String text) {
        List<String> found = new ArrayList<>();
        String digitsOnly = text.replaceAll("[ -]", "");
        for (String number : NUMBERS) {
            // The whole number, or any run of its first twelve digits (only the last four may ever be kept).
            if (digitsOnly.contains(number) || digitsOnly.contains(number.substring(0, 12))) {
                found.add(where + "card number");
            }
        }
        // A UUID's 4-digit group can read like a CVC (one CI run met "...-8264-..."): ids are not card data.
        String withoutIds = UUID_SHAPE.matcher(text).replaceAll("<uuid>");
        for (String cvc : CVCS) {
            if (Pattern.compile("(?<![0-9a-fA-F])" + cvc + "(?![0-9a-fA-F])").matcher(withoutIds).find()) {
                found.add(where + "CVC " + cvc + " in " + text.substring(0, Math.min(200, text.length())));
            }
        }
        return found;
    }
}
