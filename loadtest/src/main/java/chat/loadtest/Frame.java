package chat.loadtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A frame from the server, reduced to the fields a load test looks at, and the client commands it
 * sends. Fields a frame does not have are empty strings ({@code seq}: 0).
 */
record Frame(String type, String roomId, String userId, String message, String code, long seq) {
    /** The type of a frame that is not a JSON object. */
    static final String INVALID = "INVALID";

    private static final ObjectMapper JSON = new ObjectMapper();

    static Frame parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new Frame(INVALID, "", "", text, "", 0);
        }
        if (root == null || !root.isObject()) {
            return new Frame(INVALID, "", "", text, "", 0);
        }
        JsonNode seq = root.get("seq");
        return new Frame(field(root, "type"), field(root, "roomId"), field(root, "userId"),
                field(root, "message"), field(root, "code"), seq != null && seq.canConvertToLong() ? seq.longValue() : 0);
    }

    /** A client command as JSON text. */
    static String command(String type, String roomId, String message) {
        return "{\"type\":\"" + type + "\",\"roomId\":\"" + escape(roomId) + "\",\"message\":\"" + escape(message) + "\"}";
    }

    private static String field(JsonNode root, String name) {
        JsonNode node = root.get(name);
        return node == null || node.isNull() ? "" : node.asText();
    }

    private static String escape(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }
}
