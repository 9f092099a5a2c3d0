package io.ragfit.corpus.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads fields of a source record, failing with a reason a user can act on. */
final class Fields {

    private Fields() {
    }

    /** A field that must hold non-blank text. */
    static String text(JsonNode node, String field) {
        String value = optionalText(node, field);
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException("missing \"" + field + "\" (text)");
        }
        return value;
    }

    /** A text field, or {@code null} when absent or null; numbers are read as their text. */
    static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new InvalidRecordException("\"" + field + "\" must be text, found " + value.getNodeType());
        }
        return value.asText();
    }

    /** A field that holds either one text or an array of texts; absent means none. */
    static List<String> texts(JsonNode node, String field) {
        return textsOf(node.get(field), field);
    }

    /** A value that is one text or an array of texts; {@code field} names it in messages. */
    static List<String> textsOf(JsonNode value, String field) {
        List<String> texts = new ArrayList<>();
        if (value == null || value.isNull()) {
            return texts;
        }
        if (value.isValueNode()) {
            texts.add(value.asText());
            return texts;
        }
        if (!value.isArray()) {
            throw new InvalidRecordException("\"" + field + "\" must be text or an array of texts");
        }
        for (JsonNode element : value) {
            if (!element.isValueNode() || element.isNull()) {
                throw new InvalidRecordException("\"" + field + "\" must hold only texts");
            }
            texts.add(element.asText());
        }
        return texts;
    }

    /** A field that must hold an array (possibly empty). */
    static JsonNode array(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new InvalidRecordException("missing \"" + field + "\" (array)");
        }
        return value;
    }

    /** A field that must hold an object. */
    static JsonNode object(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new InvalidRecordException("missing \"" + field + "\" (object)");
        }
        return value;
    }

    /** An object of scalar values as text; nested values are kept as their JSON. */
    static Map<String, String> metadata(JsonNode node, String field) {
        JsonNode value = node.get(field);
        Map<String, String> metadata = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return metadata;
        }
        if (!value.isObject()) {
            throw new InvalidRecordException("\"" + field + "\" must be an object");
        }
        value.properties().forEach(entry -> metadata.put(entry.getKey(),
                entry.getValue().isValueNode() ? entry.getValue().asText() : entry.getValue().toString()));
        return metadata;
    }
}
