package chat.runner.attack;

/**
 * Client frames crafted to hurt, as JSON text. Escapes such as {@code \ud800} are written here as
 * the six characters of a JSON escape: the frame's bytes are valid UTF-8, and only the JSON value
 * they spell is not a valid Unicode string.
 */
final class Payloads {
    private Payloads() {
    }

    /** A TALK whose {@code message} is {@code messageJson}, a JSON string body written as is. */
    static String talkRaw(String roomId, String messageJson) {
        return "{\"type\":\"TALK\",\"roomId\":\"" + roomId + "\",\"message\":\"" + messageJson + "\"}";
    }

    /** An ENTER whose {@code roomId} is {@code roomJson}, written as is. */
    static String enterRaw(String roomJson) {
        return "{\"type\":\"ENTER\",\"roomId\":\"" + roomJson + "\"}";
    }

    /** A frame whose {@code type} is {@code typeJson}, written as is. */
    static String typeRaw(String typeJson) {
        return "{\"type\":\"" + typeJson + "\",\"roomId\":\"r\"}";
    }

    /** {@code depth} nested arrays: {@code [[[...]]]}, two bytes a level. */
    static String nestedArrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** A TALK carrying an extra field nested {@code depth} deep, which a decoder must walk to find the end. */
    static String talkWithDeepField(String roomId, int depth) {
        return "{\"type\":\"TALK\",\"roomId\":\"" + roomId + "\",\"message\":\"x\",\"extra\":" + nestedArrays(depth) + "}";
    }

    /** {@code count} double quotes as a JSON string body: each one escaped, two bytes on the wire. */
    static String escapedQuotes(int count) {
        return "\\\"".repeat(count);
    }

    static String history(String roomId, long beforeSeq, int limit) {
        return "{\"type\":\"HISTORY\",\"roomId\":\"" + roomId + "\",\"beforeSeq\":" + beforeSeq + ",\"limit\":" + limit + "}";
    }

    static String history(String roomId, int limit) {
        return "{\"type\":\"HISTORY\",\"roomId\":\"" + roomId + "\",\"limit\":" + limit + "}";
    }
}
