package dev.pagos.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SigV4 against AWS's published example and against the AWS SDK's own signer (the oracle). */
class SigV4Test {

    private static final Instant TIME = Instant.parse("2026-03-14T09:26:53Z");
    private static final AwsCredentials.Key SESSION = new AwsCredentials.Key("ASIAEXAMPLEKEYID",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "IQoJb3JpZ2luX2VjEXAMPLE/session+token==");
    private static final AwsCredentials.Key LONG_TERM = new AwsCredentials.Key("AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

    @Test
    void theExampleOfAwsDocumentationGivesItsSignature() {
        Map<String, String> added = SigV4.sign("GET", URI.create("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
                Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), new byte[0], "us-east-1", "iam",
                Instant.parse("2015-08-30T12:36:00Z"), LONG_TERM);

        assertEquals("20150830T123600Z", added.get("X-Amz-Date"));
        assertFalse(added.containsKey("X-Amz-Security-Token"));
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", added.get("Authorization"));
    }

    @Test
    void aPushToAConnectionIsSignedAsTheSdkSignsItWithTheSessionToken() {
        URI uri = URI.create("https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/@connections/"
                + SigV4.encode("L0SM9cOFvHcCIhw="));
        assertEquals("/prod/@connections/L0SM9cOFvHcCIhw%3D", uri.getRawPath());
        assertEquals("/prod/%40connections/L0SM9cOFvHcCIhw%253D", SigV4.canonicalUri(uri));

        Map<String, String> added = assertSignedAsTheSdk("POST", uri, Map.of(),
                "{\"event\":\"payment_completed\",\"data\":{\"orderId\":\"42\"}}", "eu-west-1", "execute-api", SESSION);
        assertEquals(SESSION.sessionToken(), added.get("X-Amz-Security-Token"));
        assertTrue(added.get("Authorization").contains("SignedHeaders=host;x-amz-date;x-amz-security-token,"));
    }

    @Test
    void aGetSecretValueIsSignedAsTheSdkSignsIt() {
        Map<String, String> added = assertSignedAsTheSdk("POST", URI.create("https://secretsmanager.us-east-1.amazonaws.com/"),
                Map.of("X-Amz-Target", "secretsmanager.GetSecretValue", "Content-Type", "application/x-amz-json-1.1"),
                "{\"SecretId\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:pagos-db-AbCdEf\"}", "us-east-1",
                "secretsmanager", SESSION);
        assertTrue(added.get("Authorization").contains(
                "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,"));

        assertSignedAsTheSdk("POST", URI.create("https://secretsmanager.us-east-1.amazonaws.com/"),
                Map.of("X-Amz-Target", "secretsmanager.GetSecretValue", "Content-Type", "application/x-amz-json-1.1"),
                "{\"SecretId\":\"db\"}", "us-east-1", "secretsmanager", LONG_TERM);
    }

    @Test
    void pathsAndQueriesWithCharactersToEncodeAreSignedAsTheSdkSignsThem() {
        String id = "a b+c/é~*'()!$&=:@,;";
        URI uri = URI.create("http://localhost:8080/ws-api/@connections/" + SigV4.encode(id));
        assertEquals("/ws-api/@connections/a%20b%2Bc%2F%C3%A9~%2A%27%28%29%21%24%26%3D%3A%40%2C%3B", uri.getRawPath());
        assertSignedAsTheSdk("POST", uri, Map.of("x-pagos-local-gateway-credential", "  local   secret "), "{}",
                "us-east-1", "execute-api", LONG_TERM);

        assertSignedAsTheSdk("GET", URI.create("https://example.amazonaws.com/a-b_c.d~e/f%20g?b=2&a=%2F%20x&a=1&empty="),
                Map.of(), "", "ap-southeast-2", "execute-api", SESSION);
        assertSignedAsTheSdk("POST", URI.create("https://example.amazonaws.com:8443"), Map.of("Content-Type", "text/plain"),
                "héllo", "us-west-2", "execute-api", SESSION);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> assertSignedAsTheSdk(String method, URI uri, Map<String, String> headers,
            String body, String region, String service, AwsCredentials.Key key) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> added = SigV4.sign(method, uri, headers, bytes, region, service, TIME, key);
        // The SDK's signer always adds and signs x-amz-content-sha256 (only S3 requires it; we do not send it):
        // given to both, the rest of the signature must be the same.
        Map<String, String> withHash = new java.util.HashMap<>(headers);
        withHash.put("x-amz-content-sha256", java.util.HexFormat.of().formatHex(sha256(bytes)));
        assertEquals(SdkSigner.authorization(method, uri, withHash, bytes, region, service, TIME, key),
                SigV4.sign(method, uri, withHash, bytes, region, service, TIME, key).get("Authorization"),
                method + " " + uri);
        assertEquals("20260314T092653Z", added.get("X-Amz-Date"));
        return added;
    }
}
