package dev.pagos.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.pagos.aws.AwsCredentials;
import dev.pagos.aws.AwsException;
import dev.pagos.aws.AwsHttp;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Resolves a PAGOS_SECRETS specification with one GetSecretValue per secret (see the config source factory). */
final class SecretReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> HEADERS = Map.of("X-Amz-Target", "secretsmanager.GetSecretValue",
            "Content-Type", "application/x-amz-json-1.1");

    private final AwsHttp http;
    private final URI endpoint;

    SecretReader(AwsHttp http, URI endpoint) {
        this.http = http;
        this.endpoint = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? endpoint.resolve("/") : endpoint;
    }

    /** Signed with the Lambda role's credentials, over the JDK's HTTP client; region AWS_REGION. */
    static SecretReader fromSecretsManager(String endpoint) {
        String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
        return new SecretReader(new AwsHttp(AwsCredentials.lambda(), region, "secretsmanager"),
                URI.create(endpoint != null && !endpoint.isBlank() ? endpoint
                        : "https://secretsmanager." + region + ".amazonaws.com/"));
    }

    /**
     * Reads every secret named: secrets are read once, at start-up.
     *
     * @throws IllegalStateException naming the property and secret (never a value) when one cannot be read
     */
    Map<String, String> read(String spec) {
        return resolve(spec);
    }

    private Map<String, String> resolve(String spec) {
        Map<String, JsonNode> secrets = new HashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            int equals = trimmed.indexOf('=');
            int hash = trimmed.lastIndexOf('#');
            if (equals <= 0 || hash < equals + 2 || hash == trimmed.length() - 1) {
                throw new IllegalStateException("PAGOS_SECRETS entries are PROPERTY=SECRET_ARN#JSON_KEY; not: " + trimmed);
            }
            String property = trimmed.substring(0, equals);
            String secretId = trimmed.substring(equals + 1, hash);
            String key = trimmed.substring(hash + 1);
            JsonNode secret = secrets.computeIfAbsent(secretId, this::fetch);
            JsonNode value = secret.get(key);
            if (value == null || !value.isValueNode() || value.asText().isEmpty()) {
                throw new IllegalStateException("Secret " + secretId + " has no value under \"" + key + "\" (for " + property + ")");
            }
            values.put(property, value.asText());
        }
        return values;
    }

    private JsonNode fetch(String secretId) {
        String text;
        try {
            byte[] request = JSON.writeValueAsBytes(JsonNodeFactory.instance.objectNode().put("SecretId", secretId));
            AwsHttp.Response response = http.post(endpoint, HEADERS, request);
            if (!response.successful()) {
                String type = response.errorType();
                // Only the status and error type: AWS's messages for signature errors quote the signed request.
                throw new AwsException("Secrets Manager answered " + response.status() + (type.isEmpty() ? "" : " " + type),
                        response.status(), null);
            }
            JsonNode answer = JSON.readTree(response.body());
            text = answer != null && answer.hasNonNull("SecretString") ? answer.get("SecretString").asText() : null;
        } catch (AwsException e) {
            throw new IllegalStateException("Could not read secret " + secretId + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("Could not read secret " + secretId + ": Secrets Manager's answer is not JSON");
        }
        try {
            JsonNode secret = text == null ? null : JSON.readTree(text);
            if (secret == null || !secret.isObject()) {
                throw new IllegalStateException("Secret " + secretId + " is not a JSON object");
            }
            return secret;
        } catch (IOException e) {
            throw new IllegalStateException("Secret " + secretId + " is not a JSON object", e);
        }
    }
}
