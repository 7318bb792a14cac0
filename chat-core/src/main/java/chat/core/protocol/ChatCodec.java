package chat.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The JSON wire format, both directions. Decoding never throws: a frame a client got wrong becomes
 * an {@link InvalidFrame} that says what was wrong. Limits (message length, rooms) are the hub's
 * business, not the codec's. Thread-safe and stateless: share one instance.
 */
public final class ChatCodec {
    private static final int QUOTE_LIMIT = 32;
    /** The largest integer every JSON client (JavaScript included) reads exactly: 2^53 - 1. */
    public static final long MAX_SEQ = 9_007_199_254_740_991L;

    /**
     * Client frames are flat objects: any nesting deeper than this is not a chat frame, and refusing
     * it early keeps a 64 KiB frame of brackets from costing more than a few bytes of work each.
     */
    static final int MAX_NESTING_DEPTH = 16;
    /** A relayed message longer than this is not one a hub published (a frame holds at most 64 KiB). */
    static final int MAX_RELAYED_CHARS = 256 * 1024;

    private final ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final JsonFactory factory = mapper.getFactory();
    /** Decodes a client's text frame. Unknown fields and any {@code userId} field are ignored. */
    public Inbound decodeClient(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException notJson) {
            return new InvalidFrame(ErrorCode.BAD_JSON, "frame is not valid JSON", null);
        }
        if (root == null || !root.isObject()) {
            return new InvalidFrame(ErrorCode.BAD_JSON, "frame must be a JSON object", null);
        }
        JsonNode typeNode = root.get("type");
        if (typeNode == null || typeNode.isNull()) {
            return new InvalidFrame(ErrorCode.BAD_TYPE, "type is required: ENTER, TALK, LEAVE, HISTORY or PING", null);
        }
        if (!typeNode.isTextual()) {
            return new InvalidFrame(ErrorCode.BAD_TYPE, "type must be a string: ENTER, TALK, LEAVE, HISTORY or PING", null);
        }
        Optional<MessageType> parsed = MessageType.parseClientCommand(typeNode.textValue());
        if (parsed.isEmpty()) {
            return new InvalidFrame(ErrorCode.BAD_TYPE,
                    "unknown type '" + quote(typeNode.textValue()) + "': expected ENTER, TALK, LEAVE, HISTORY or PING", null);
        }
        MessageType type = parsed.get();
        if (type == MessageType.PING) {
            return ClientCommand.ping();
        }

        JsonNode roomNode = root.get("roomId");
        if (roomNode == null || roomNode.isNull()) {
            return new InvalidFrame(ErrorCode.BAD_ROOM, "roomId is required for " + type, null);
        }
        if (!roomNode.isTextual()) {
            return new InvalidFrame(ErrorCode.BAD_ROOM, "roomId must be a string", null);
        }
        String roomId = roomNode.textValue();
        Optional<String> roomProblem = Identifiers.roomIdProblem(roomId);
        if (roomProblem.isPresent()) {
            return new InvalidFrame(ErrorCode.BAD_ROOM, roomProblem.get() + " (got '" + quote(roomId) + "')", null);
        }

        if (type == MessageType.HISTORY) {
            return decodeHistoryRequest(root, roomId);
        }
        long lastSeq = ClientCommand.NO_LAST_SEQ;
        if (type == MessageType.ENTER) {
            lastSeq = integerField(root, "lastSeq", 0, MAX_SEQ, ClientCommand.NO_LAST_SEQ);
            if (lastSeq == BAD_INTEGER) {
                return new InvalidFrame(ErrorCode.BAD_JSON, "lastSeq must be an integer from 0 to " + MAX_SEQ, roomId);
            }
        }

        JsonNode messageNode = root.get("message");
        String message = "";
        if (messageNode != null && !messageNode.isNull()) {
            if (!messageNode.isTextual()) {
                return new InvalidFrame(ErrorCode.BAD_JSON, "message must be a string", roomId);
            }
            message = messageNode.textValue();
            Optional<String> textProblem = WireText.problem(message);
            if (textProblem.isPresent()) {
                return new InvalidFrame(ErrorCode.BAD_JSON, "message must be Unicode text without unpaired surrogates,"
                        + " noncharacters or control characters other than tab and newline: " + textProblem.get(), roomId);
            }
        }
        return new ClientCommand(type, roomId, message, lastSeq);
    }

    private static Inbound decodeHistoryRequest(JsonNode root, String roomId) {
        long beforeSeq = integerField(root, "beforeSeq", 1, Long.MAX_VALUE, Long.MAX_VALUE);
        if (beforeSeq == BAD_INTEGER) {
            return new InvalidFrame(ErrorCode.BAD_JSON, "beforeSeq must be a positive integer", roomId);
        }
        long limit = integerField(root, "limit", 1, HistoryRequest.MAX_LIMIT, HistoryRequest.DEFAULT_LIMIT);
        if (limit == BAD_INTEGER) {
            return new InvalidFrame(ErrorCode.BAD_JSON, "limit must be an integer from 1 to " + HistoryRequest.MAX_LIMIT,
                    roomId);
        }
        return new HistoryRequest(roomId, beforeSeq, (int) limit);
    }

    private static final long BAD_INTEGER = Long.MIN_VALUE;

    /** An optional integer field: {@code absent} when missing or null, BAD_INTEGER when not an integer in range. */
    private static long integerField(JsonNode root, String field, long min, long max, long absent) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            return BAD_INTEGER;
        }
        long value = node.longValue();
        return value < min || value > max ? BAD_INTEGER : value;
    }

    /** Encodes a server frame to its JSON text. */
    public String encode(ServerFrame frame) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", frame.type().name());
            if (frame instanceof ChatMessage m) {
                writeMessageFields(json, m);
            } else if (frame instanceof ResyncNotice r) {
                json.writeStringField("roomId", r.roomId());
                json.writeNumberField("lastSeq", r.lastSeq());
                json.writeNumberField("firstSeq", r.firstSeq());
                json.writeStringField("message", r.message());
            } else if (frame instanceof HistoryPage h) {
                json.writeStringField("roomId", h.roomId());
                json.writeArrayFieldStart("messages");
                for (ChatMessage m : h.messages()) {
                    json.writeStartObject();
                    json.writeStringField("type", m.type().name());
                    writeMessageFields(json, m);
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeBooleanField("more", h.more());
            } else if (frame instanceof ErrorFrame e) {
                json.writeStringField("code", e.code().name());
                json.writeStringField("message", e.message());
                if (e.roomId() != null) {
                    json.writeStringField("roomId", e.roomId());
                }
            } else if (frame instanceof ShutdownNotice s) {
                json.writeStringField("message", s.message());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + frame.type(), e);
        }
        return out.toString();
    }

    private static void writeMessageFields(JsonGenerator json, ChatMessage m) throws IOException {
        json.writeStringField("roomId", m.roomId());
        json.writeStringField("userId", m.userId());
        json.writeStringField("message", m.message());
        json.writeNumberField("ts", m.ts());
        if (m.hasSeq()) {
            json.writeNumberField("seq", m.seq()); // last, so a broker may append it to an encoded message
        }
    }

    /** Encodes once, for handing the same text to many recipients. */
    public EncodedFrame encodeFrame(ServerFrame frame) {
        return new EncodedFrame(frame, encode(frame));
    }

    /**
     * Decodes room traffic as {@link #encode} wrote it, for brokers that move messages as text
     * between instances.
     *
     * @throws IllegalArgumentException when the text is not a chat message
     */
    public ChatMessage decodeMessage(String json) {
        if (json.length() > MAX_RELAYED_CHARS) {
            throw new IllegalArgumentException("longer than any chat message: " + json.length() + " characters");
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON chat message", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        MessageType type = MessageType.valueOf(text(root, "type"));
        JsonNode ts = root.get("ts");
        if (ts == null || !ts.isIntegralNumber() || !ts.canConvertToLong() || ts.longValue() < 0) {
            throw new IllegalArgumentException("ts is missing or not a non-negative integer");
        }
        JsonNode seq = root.get("seq");
        if (seq != null && (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 1
                || seq.longValue() > MAX_SEQ)) {
            throw new IllegalArgumentException("seq is not an integer from 1 to " + MAX_SEQ);
        }
        String userId = text(root, "userId");
        // the server's own TALKs (the server API's posts) carry the reserved userId
        boolean serverTalk = type == MessageType.TALK && userId.equals(Identifiers.RESERVED_USER_ID);
        if (!serverTalk) {
            Identifiers.userIdProblem(userId).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
        }
        String message = text(root, "message");
        WireText.problem(message).ifPresent(problem -> {
            throw new IllegalArgumentException("message is not acceptable text: " + problem);
        });
        return new ChatMessage(type, text(root, "roomId"), userId, message, ts.longValue(),
                seq == null ? ChatMessage.NO_SEQ : seq.longValue());
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(field + " is missing or not a string");
        }
        return node.textValue();
    }

    /**
     * The UTF-8 length of {@link #encode}'s text for {@code message}, computed without encoding it:
     * what a stored TALK costs a history read's byte bound.
     */
    public static int encodedBytes(ChatMessage message) {
        int bytes = MESSAGE_FRAME_BYTES + message.type().name().length()
                + jsonStringBytes(message.roomId()) + jsonStringBytes(message.userId())
                + jsonStringBytes(message.message()) + Long.toString(message.ts()).length();
        if (message.hasSeq()) {
            bytes += SEQ_FIELD_BYTES + Long.toString(message.seq()).length();
        }
        return bytes;
    }

    /** {"type":"","roomId":"","userId":"","message":"","ts":} */
    private static final int MESSAGE_FRAME_BYTES = "{\"type\":\"\",\"roomId\":\"\",\"userId\":\"\",\"message\":\"\",\"ts\":}".length();
    /** ,"seq": */
    private static final int SEQ_FIELD_BYTES = ",\"seq\":".length();

    /** UTF-8 bytes of a string's content as Jackson writes it (quotes not included). */
    private static int jsonStringBytes(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                bytes += c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ? 2 : 6;
            } else if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** A client's text as an answer may quote it: short, and printable whatever it holds. */
    private static String quote(String value) {
        return WireText.quote(value, QUOTE_LIMIT);
    }
}
