package dev.pagos.support.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.Keyword;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * openapi.yaml (the repository root) as a checker of answers: which operation a request reaches, whether the
 * answer's status is declared for it, and whether its body fits the declared schema (JSON Schema 2020-12 in
 * OpenAPI 3.1's dialect, by networknt's json-schema-validator; response schemas say
 * {@code additionalProperties: false}, so an unknown field fails). Requests are not checked: tests send malformed
 * ones on purpose, and what they get back must still be in the contract.
 *
 * <p>Beyond the operations, {@code x-gateway-responses} lists what the gateway itself answers on any path (too large,
 * too long); a path that is not in the contract must be answered 404 ROUTE_NOT_FOUND, and a path of the contract
 * with a method it does not declare 405 METHOD_NOT_ALLOWED. Error bodies must also carry the status that
 * {@code ErrorCode}'s {@code x-status} gives their code.
 */
public final class OpenApiContract {

    /** Where the document is "located" for the schema loader (never fetched: it is given as text). */
    private static final String BASE = "https://pagos.invalid/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** OpenAPI 3.1's dialect, plus the document's own keywords (the validator reads the whole document). */
    private static final JsonMetaSchema DIALECT = JsonMetaSchema.builder(OpenApi31.getInstance())
            .keywords(Stream.of("openapi", "info", "servers", "security", "tags", "paths", "components", "webhooks",
                    "externalDocs", "jsonSchemaDialect", "x-websocket", "x-gateway-responses", "x-status")
                    .map(NonValidationKeyword::new).map(Keyword.class::cast).toList())
            .build();

    private final JsonNode spec;
    private final List<Operation> operations = new ArrayList<>();
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    /** One operation: method + path template, and where it is in the document. */
    public record Operation(String method, String path, Pattern pattern, int templated, String pointer) {

        public String key() {
            return method + " " + path;
        }
    }

    /** What a check found: the operation (null when none matched) and what disagrees with the contract. */
    public record Verdict(String operation, List<String> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private OpenApiContract(JsonNode spec) {
        this.spec = spec;
        spec.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                String template = path.getKey();
                String regex = "\\Q" + template.replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q") + "\\E";
                operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), template, Pattern.compile(regex),
                        template.split("\\{", -1).length - 1,
                        "/paths/" + escape(template) + "/" + op.getKey()));
            }
        }));
        // A literal path segment wins over a template, as OpenAPI says.
        operations.sort(Comparator.comparingInt(Operation::templated));
        String text;
        try {
            text = json.writeValueAsString(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(DIALECT)
                .defaultMetaSchemaIri(DIALECT.getIri())
                .schemaLoaders(loaders -> loaders.schemas(Map.of(BASE, text))));
        this.config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    }

    /** The repository's openapi.yaml (tests run in the module's directory). */
    public static OpenApiContract repository() {
        return load(Path.of("openapi.yaml"));
    }

    public static OpenApiContract load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the API contract " + file.toAbsolutePath(), e);
        }
    }

    public static OpenApiContract parse(String yaml) {
        try {
            return new OpenApiContract(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("The API contract is not YAML", e);
        }
    }

    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** ErrorCode's codes as the contract lists them (its enum), each with the status of its x-status. */
    public Map<String, Integer> errorCodes() {
        Map<String, Integer> codes = new java.util.LinkedHashMap<>();
        spec.at("/components/schemas/ErrorCode/enum").forEach(code -> codes.put(code.asText(),
                spec.at("/components/schemas/ErrorCode/x-status/" + code.asText()).asInt(-1)));
        return codes;
    }

    /** The operation a request reaches, if the contract has its path and method. */
    public Optional<Operation> operation(String method, String path) {
        return operations.stream().filter(op -> op.method().equalsIgnoreCase(method) && op.pattern().matcher(path).matches())
                .findFirst();
    }

    /**
     * Checks one answer.
     *
     * @param path the raw request path, without the query
     * @param contentType the answer's content type header, or null
     * @param body the answer's body (empty when none)
     */
    public Verdict check(String method, String path, int status, String contentType, String body) {
        List<String> problems = new ArrayList<>();
        Optional<Operation> operation = operation(method, path);
        String where = method + " " + path + " answered " + status;
        if (operation.isEmpty()) {
            boolean knownPath = operations.stream().anyMatch(op -> op.pattern().matcher(path).matches());
            String expected = knownPath ? "METHOD_NOT_ALLOWED" : "ROUTE_NOT_FOUND";
            int expectedStatus = knownPath ? 405 : 404;
            String label = knownPath ? "(method not in the contract)" : "(path not in the contract)";
            if (status != expectedStatus) {
                problems.add(where + ": " + (knownPath ? "the contract has no " + method + " on this path"
                        : "the path is not in the contract") + ", so only " + expectedStatus + " " + expected
                        + " may answer it");
            } else {
                checkResponse(gatewayResponse(status), where, status, contentType, body, problems);
                if (problems.isEmpty() && !body.contains("\"" + expected + "\"")) {
                    problems.add(where + ": expected the error code " + expected);
                }
            }
            return new Verdict(label, problems);
        }
        Operation op = operation.get();
        JsonNode response = spec.at(op.pointer() + "/responses/" + status);
        String pointer = op.pointer() + "/responses/" + status;
        if (response.isMissingNode()) {
            JsonNode gateway = gatewayResponse(status);
            if (gateway.isMissingNode() || status == 404 || status == 405) {
                problems.add(where + ": status " + status + " is not declared for " + op.key() + " (declared: "
                        + declaredStatuses(op) + ")");
                return new Verdict(op.key(), problems);
            }
            response = gateway;
            pointer = "/x-gateway-responses/" + status;
        }
        checkResponse(response, pointer, where, status, contentType, body, problems);
        return new Verdict(op.key(), problems);
    }

    /** Checks a JSON value against one of the contract's schemas ({@code components/schemas/<name>}). */
    public List<String> checkSchema(String name, JsonNode instance) {
        List<String> problems = new ArrayList<>();
        String pointer = "/components/schemas/" + escape(name);
        if (spec.at(pointer).isMissingNode()) {
            throw new IllegalArgumentException("The contract has no schema " + name);
        }
        JsonSchema schema = schemas.computeIfAbsent(pointer, p -> factory.getSchema(SchemaLocation.of(BASE + "#" + p), config));
        for (ValidationMessage message : schema.validate(instance)) {
            problems.add(name + ": " + message.getMessage());
        }
        return problems;
    }

    private JsonNode gatewayResponse(int status) {
        return spec.at("/x-gateway-responses/" + status);
    }

    private String declaredStatuses(Operation op) {
        List<String> statuses = new ArrayList<>();
        spec.at(op.pointer() + "/responses").fieldNames().forEachRemaining(statuses::add);
        return String.join(", ", statuses);
    }

    private void checkResponse(JsonNode response, String where, int status, String contentType, String body,
            List<String> problems) {
        checkResponse(response, "/x-gateway-responses/" + status, where, status, contentType, body, problems);
    }

    private void checkResponse(JsonNode response, String pointer, String where, int status, String contentType,
            String body, List<String> problems) {
        // Follow a $ref to components/responses.
        while (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = spec.at(pointer);
        }
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (!body.isEmpty()) {
                problems.add(where + ": the contract declares no body, got " + abbreviate(body));
            }
            return;
        }
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!content.has(mediaType)) {
            problems.add(where + ": content type '" + contentType + "' is not declared (declared: "
                    + String.join(", ", iterable(content.fieldNames())) + ")");
            return;
        }
        JsonNode schemaNode = content.get(mediaType).path("schema");
        if (schemaNode.isMissingNode()) {
            return;
        }
        JsonNode instance;
        try {
            instance = json.readTree(body);
        } catch (IOException e) {
            problems.add(where + ": the body is not JSON: " + abbreviate(body));
            return;
        }
        if (instance == null || instance.isMissingNode()) {
            problems.add(where + ": the contract declares a JSON body, got none");
            return;
        }
        String schemaPointer = pointer + "/content/" + escape(mediaType) + "/schema";
        JsonSchema schema = schemas.computeIfAbsent(schemaPointer,
                p -> factory.getSchema(SchemaLocation.of(BASE + "#" + p), config));
        for (ValidationMessage message : schema.validate(instance)) {
            problems.add(where + ": " + message.getMessage());
        }
        // An error's code travels with its own status.
        JsonNode code = instance.path("error").path("code");
        if (code.isTextual()) {
            JsonNode expected = spec.at("/components/schemas/ErrorCode/x-status/" + code.asText());
            if (!expected.isMissingNode() && expected.asInt() != status) {
                problems.add(where + ": error code " + code.asText() + " travels with " + expected.asInt()
                        + ", not " + status);
            }
        }
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    private static Iterable<String> iterable(Iterator<String> iterator) {
        return () -> iterator;
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }
}
