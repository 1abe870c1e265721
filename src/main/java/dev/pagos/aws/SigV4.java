package dev.pagos.aws;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 in the header form, for services other than S3
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html). A pure function: the request
 * and the time in, the headers to add out. Every header given is signed, plus host, x-amz-date and, with a session
 * token, x-amz-security-token. The canonical URI is the request's path as sent (already URI-encoded), encoded
 * once more ('/' kept), as the AWS SDKs do for every service but S3: {@code /prod/@connections/a%3D} is signed as
 * {@code /prod/%40connections/a%253D}. The path is not normalised (no dot segments expected). No
 * x-amz-content-sha256 header: only S3 asks for it; the payload hash is in the canonical request all the same.
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {
    }

    /**
     * @param headers the request's own headers, all of them signed (not host, which comes from the URI unless
     *                given; nor content-length, which java.net.http sets and which need not be signed)
     * @return X-Amz-Date, X-Amz-Security-Token when the credentials have a session token, and Authorization
     */
    public static Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body,
            String region, String service, Instant time, AwsCredentials.Key credentials) {
        String amzDate = AMZ_DATE.format(time);
        String date = amzDate.substring(0, 8);
        Map<String, String> added = new LinkedHashMap<>();
        added.put("X-Amz-Date", amzDate);
        if (credentials.sessionToken() != null) {
            added.put("X-Amz-Security-Token", credentials.sessionToken());
        }

        TreeMap<String, String> canonicalHeaders = new TreeMap<>();
        canonicalHeaders.put("host", hostHeader(uri));
        headers.forEach((name, value) -> canonicalHeaders.put(name.toLowerCase(Locale.ROOT), canonicalValue(value)));
        added.forEach((name, value) -> canonicalHeaders.put(name.toLowerCase(Locale.ROOT), canonicalValue(value)));
        StringBuilder headerBlock = new StringBuilder();
        canonicalHeaders.forEach((name, value) -> headerBlock.append(name).append(':').append(value).append('\n'));
        String signedHeaders = String.join(";", canonicalHeaders.keySet());

        String canonicalRequest = method.toUpperCase(Locale.ROOT) + '\n'
                + canonicalUri(uri) + '\n'
                + canonicalQuery(uri) + '\n'
                + headerBlock + '\n'
                + signedHeaders + '\n'
                + HEX.formatHex(sha256(body == null ? new byte[0] : body));
        String scope = date + '/' + region + '/' + service + "/aws4_request";
        String stringToSign = ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
                + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));

        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String signature = HEX.formatHex(hmac(key, stringToSign));

        added.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + '/' + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        return added;
    }

    /**
     * RFC 3986 percent-encoding of UTF-8 bytes, keeping only the unreserved characters (A-Z a-z 0-9 - _ . ~),
     * as SigV4 wants; a path segment such as a connection id is put on the wire this way.
     */
    public static String encode(String value) {
        return encode(value, false);
    }

    /** The Host header java.net.http sends: the host, with the port when it is not the scheme's default. */
    static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("https".equalsIgnoreCase(uri.getScheme()) ? port == 443 : port == 80);
        return defaultPort ? uri.getHost() : uri.getHost() + ':' + port;
    }

    static String canonicalUri(URI uri) {
        String path = uri.getRawPath();
        return path == null || path.isEmpty() ? "/" : encode(path, true);
    }

    static String canonicalQuery(URI uri) {
        String query = uri.getRawQuery();
        if (query == null || query.isEmpty()) {
            return "";
        }
        List<String[]> parameters = new ArrayList<>();
        for (String parameter : query.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : parameter.substring(equals + 1);
            parameters.add(new String[] {encode(percentDecode(name)), encode(percentDecode(value))});
        }
        parameters.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder canonical = new StringBuilder();
        for (String[] parameter : parameters) {
            if (canonical.length() > 0) {
                canonical.append('&');
            }
            canonical.append(parameter[0]).append('=').append(parameter[1]);
        }
        return canonical.toString();
    }

    /** Trimmed, runs of spaces made one. */
    private static String canonicalValue(String value) {
        return value.trim().replaceAll(" +", " ");
    }

    private static String encode(String value, boolean keepSlash) {
        StringBuilder encoded = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (keepSlash && c == '/')) {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    /** %XX sequences to bytes, read as UTF-8; '+' stays '+'. */
    private static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteBuffer bytes = ByteBuffer.allocate(value.length() * 4);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()
                    && Character.digit(value.charAt(i + 1), 16) >= 0 && Character.digit(value.charAt(i + 2), 16) >= 0) {
                bytes.put((byte) Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
