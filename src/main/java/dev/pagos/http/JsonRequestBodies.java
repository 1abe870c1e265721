package dev.pagos.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.text.ControlCharacters;
import dev.pagos.text.StrictJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads request bodies as {@link StrictJson} reads them (one JSON object with nothing after it, each field named
 * once, whole numbers where whole numbers are counted), with no control characters in any name or string value.
 * Unknown fields are ignored, because clients send extras (a "userId", say) that must not matter. Every refusal
 * is a 400 in our own words: Jackson's messages name Java types and echo input back.
 */
@ApplicationScoped
public class JsonRequestBodies {

    private static final int MAX_FIELD_NAME_IN_MESSAGE = 64;

    private final ObjectReader reader;

    JsonRequestBodies(ObjectMapper json) {
        this.reader = StrictJson.reader(json);
    }

    /** @throws PagosException INVALID_REQUEST when the body is not a clean JSON object that fits {@code type} */
    public <T> T read(byte[] body, Class<T> type) {
        JsonNode tree = parse(body);
        if (!tree.isObject()) {
            throw invalid("The body must be a JSON object");
        }
        refuseControlCharacters(tree, null);
        try {
            return reader.forType(type).readValue(tree);
        } catch (InvalidDefinitionException e) {
            throw new IllegalStateException(type.getSimpleName() + " cannot be read from JSON", e);
        } catch (MismatchedInputException e) {
            throw invalid(fieldNamed(e.getPath()) + " " + expected(e.getTargetType()));
        } catch (IOException e) {
            throw invalid("The body does not fit this operation");
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            return reader.readTree(body);
        } catch (StreamConstraintsException e) {
            throw invalid("The body exceeds a limit on JSON values (length, digits or nesting)");
        } catch (JsonProcessingException e) {
            throw invalid("The body is not valid JSON: a single object, each field named once, nothing after it");
        } catch (IOException e) {
            throw invalid("The body could not be read");
        }
    }

    private static void refuseControlCharacters(JsonNode node, String field) {
        if (node.isTextual() && ControlCharacters.presentIn(node.textValue())) {
            throw invalid((field == null ? "A value" : printable(field)) + " must not contain control characters");
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (ControlCharacters.presentIn(entry.getKey())) {
                    throw invalid("Field names must not contain control characters");
                }
                refuseControlCharacters(entry.getValue(), entry.getKey());
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                refuseControlCharacters(element, field);
            }
        }
    }

    /** The innermost field the problem is in; the names are the request type's own, but still bounded and plain. */
    private static String fieldNamed(List<JsonMappingException.Reference> path) {
        for (int i = path.size() - 1; i >= 0; i--) {
            String name = path.get(i).getFieldName();
            if (name != null) {
                return printable(name);
            }
        }
        return "A value";
    }

    private static String printable(String fieldName) {
        String plain = fieldName.replaceAll("[^A-Za-z0-9_.-]", "?");
        return plain.length() > MAX_FIELD_NAME_IN_MESSAGE ? plain.substring(0, MAX_FIELD_NAME_IN_MESSAGE) + "..." : plain;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == Integer.class || type == Long.class || type == Short.class || type == int.class || type == long.class
                || type == short.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be an array";
        }
        return "has the wrong type or format";
    }

    private static PagosException invalid(String message) {
        return new PagosException(ErrorCode.INVALID_REQUEST, message);
    }
}
