package dev.pagos.provider.wompi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class WompiSignaturesTest {

    @Test
    void integrityMatchesTheWorkedExampleOfWompisDocs() {
        assertEquals("37c8407747e595535433ef8f6a811d853cd943046624a0ec04662b17bbf33bf5",
                WompiSignatures.integrity("sk8-438k4-xmxm392-sn2m", 2490000, "COP", null,
                        "prod_integrity_Z5mMke9x0k8gpErbDqwrJXMqsI6SFli6"));
    }

    @Test
    void integrityWithAnExpirationSignsTheExpirationToo() {
        String plain = WompiSignatures.integrity("ref", 100, "COP", null, "secret");
        String expiring = WompiSignatures.integrity("ref", 100, "COP", "2030-01-01T00:00:00.000Z", "secret");
        assertNotEquals(plain, expiring);
        assertEquals(WompiSignatures.sha256Hex("ref100COP2030-01-01T00:00:00.000Zsecret"), expiring);
    }

    @Test
    void checksumComparisonIgnoresCaseAndRefusesAnythingElse() {
        String checksum = WompiSignatures.eventChecksum(List.of("a", "1"), "1530291411", "secret");
        assertTrue(WompiSignatures.sameChecksum(checksum, checksum.toUpperCase(Locale.ROOT)));
        assertFalse(WompiSignatures.sameChecksum(checksum, null));
        assertFalse(WompiSignatures.sameChecksum(checksum, checksum.substring(1)));
        assertFalse(WompiSignatures.sameChecksum(checksum, WompiSignatures.eventChecksum(List.of("a", "1"), "1530291412",
                "secret")));
    }
}
