package chat.loadtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A frame from the server, reduced to the fields a load test looks at, and the client commands it
 * sends. Fields a frame does not have are empty strings.
 */
record Frame(String type, String roomId, String userId, String message, String code) {
    /** The type of a frame that is not a JSON object. */
    static final String INVALID = "INVALID";

    private static final ObjectMapper JSON = new ObjectMapper();

    static Frame parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new Frame(INVALID, "", "", text, "");
        }
        if (root == null || !root.isObject()) {
            return new Frame(INVALID, "", "", text, "");
        }
        return new Frame(field(root, "type"), field(root, "roomId"), field(root, "userId"),
                field(root, "message"), field(root, "code"));
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
