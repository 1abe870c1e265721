package dev.pagos.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * How Pagos reads every JSON body that comes from outside, request or webhook: one value with nothing after it,
 * each member named once (a second "signature" or "data" must not be able to stand in for the first), and no
 * fractional number where a whole one is expected (1.5 is not quietly 1). Unknown members are ignored: clients and
 * providers send extras that must not matter.
 */
public final class StrictJson {

    private StrictJson() {
    }

    /** A reader over a copy of {@code json}, which keeps its modules and leaves the way it writes unchanged. */
    public static ObjectReader reader(ObjectMapper json) {
        JsonFactory strictParsing = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        return json.copyWith(strictParsing).reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
