package dev.pagos.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/** Resolves a PAGOS_SECRETS specification with one GetSecretValue per secret (see the config source factory). */
final class SecretReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient client;

    SecretReader(SecretsManagerClient client) {
        this.client = client;
    }

    /** Signed with the Lambda role's credentials (environment variables), over the JDK's HTTP client. */
    static SecretReader fromSecretsManager(String endpoint) {
        return new SecretReader(client(endpoint, EnvironmentVariableCredentialsProvider.create()));
    }

    static SecretsManagerClient client(String endpoint, AwsCredentialsProvider credentials) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(credentials)
                .region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    /**
     * Reads every secret named, then closes the client: secrets are read once, at start-up.
     *
     * @throws IllegalStateException naming the property and secret (never a value) when one cannot be read
     */
    Map<String, String> read(String spec) {
        try (client) {
            return resolve(spec);
        }
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
            text = client.getSecretValue(b -> b.secretId(secretId)).secretString();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not read secret " + secretId + ": " + e.getMessage(), e);
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
