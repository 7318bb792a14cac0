package chat.runner.api;

import chat.core.broker.BrokerUnavailableException;
import chat.core.events.Causes;
import chat.core.hub.ChatOperations;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.Header;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server API's requests: every one must carry {@code Authorization: Bearer <API_KEY>} (401
 * otherwise, whatever the path), then
 *
 * <ul>
 *   <li>{@code POST /api/publish} {@code {"roomId","message","userId"?}} → {@code {"seq","ts"}};</li>
 *   <li>{@code GET /api/rooms/{roomId}/history?beforeSeq=&limit=} → the HISTORY frame
 *       ({@code roomId}, {@code messages}, {@code more}).</li>
 * </ul>
 *
 * Errors are {@code {"error":{"code","message"}}}: 400 for bad input (codes as the protocol's), 401,
 * 404 for an unknown path, 405 (with {@code Allow}), 413 for a body over
 * {@value #MAX_BODY_BYTES} bytes, 503 {@code UNAVAILABLE} when the broker cannot take the request.
 * Answers are suspended while the broker works, so a slow broker holds no worker thread.
 */
final class ApiHandler extends HttpHandler {
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChatCodec CODEC = new ChatCodec();
    private static final Pattern HISTORY = Pattern.compile("/api/rooms/([^/]+)/history");

    private final byte[] expectedAuthorization;
    private final ChatOperations operations;

    ApiHandler(String key, ChatOperations operations) {
        this.expectedAuthorization = ("Bearer " + key).getBytes(StandardCharsets.UTF_8);
        this.operations = operations;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (!authorized(request.getHeader(Header.Authorization))) {
            response.setHeader(Header.WWWAuthenticate, "Bearer");
            error(response, 401, "UNAUTHORIZED", "Authorization: Bearer <API_KEY> is required");
            return;
        }
        String path = request.getRequestURI();
        if (path.equals("/api/publish")) {
            if (allowed(request, response, Method.POST)) {
                publish(request, response);
            }
            return;
        }
        Matcher history = HISTORY.matcher(path);
        if (history.matches()) {
            if (allowed(request, response, Method.GET)) {
                String roomId = pathSegment(history.group(1));
                if (roomId == null) {
                    error(response, 400, "BAD_ROOM", "the room id in the path is not percent-encoded UTF-8");
                } else {
                    history(roomId, request, response);
                }
            }
            return;
        }
        error(response, 404, "NOT_FOUND", "no such path; see the server API's documentation");
    }

    /** A path segment percent-decoded ({@code +} is a plus in a path), or null when it is malformed. */
    private static String pathSegment(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private boolean authorized(String authorization) {
        return authorization != null
                && MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
    }

    private static boolean allowed(Request request, Response response, Method method) throws IOException {
        if (request.getMethod().equals(method)) {
            return true;
        }
        response.setHeader(Header.Allow, method.getMethodString());
        error(response, 405, "METHOD_NOT_ALLOWED", "use " + method.getMethodString());
        return false;
    }

    private void publish(Request request, Response response) throws IOException {
        JsonNode body = body(request, response);
        if (body == null) {
            return;
        }
        JsonNode userId = body.get("userId");
        if (!text(body.get("roomId")) || !text(body.get("message")) || (userId != null && !userId.isNull() && !text(userId))) {
            error(response, 400, "BAD_JSON", "roomId and message must be strings, userId a string if given");
            return;
        }
        answer(response, operations.publish(body.get("roomId").textValue(), body.get("message").textValue(),
                userId == null || userId.isNull() ? null : userId.textValue()), (ChatMessage talk) -> {
            ObjectNode published = JSON.createObjectNode().put("seq", talk.seq()).put("ts", talk.ts());
            return JSON.writeValueAsString(published);
        });
    }

    private void history(String roomId, Request request, Response response) throws IOException {
        long beforeSeq;
        int limit;
        try {
            String before = request.getParameter("beforeSeq");
            String count = request.getParameter("limit");
            beforeSeq = before == null || before.isEmpty() ? Long.MAX_VALUE : Long.parseLong(before);
            limit = count == null || count.isEmpty() ? chat.core.protocol.HistoryRequest.DEFAULT_LIMIT : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            error(response, 400, "BAD_JSON", "beforeSeq and limit must be integers");
            return;
        }
        answer(response, operations.history(roomId, beforeSeq, limit), CODEC::encode);
    }

    /** The request's JSON object, or null when it answered why there is none. */
    private static JsonNode body(Request request, Response response) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            error(response, 413, "BODY_TOO_LARGE", "the body must be at most " + MAX_BODY_BYTES + " bytes");
            return null;
        }
        byte[] bytes;
        InputStream in = request.getInputStream();
        // a declared length is read exactly (the stream does not end before the connection does);
        // a chunked body up to one byte past the bound
        bytes = in.readNBytes(declared >= 0 ? (int) declared : MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            error(response, 413, "BODY_TOO_LARGE", "the body must be at most " + MAX_BODY_BYTES + " bytes");
            return null;
        }
        JsonNode body;
        try {
            body = JSON.readTree(bytes);
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            error(response, 400, "BAD_JSON", "the body must be a JSON object");
            return null;
        }
        return body;
    }

    private static boolean text(JsonNode node) {
        return node != null && node.isTextual();
    }

    @FunctionalInterface
    private interface Encoder<T> {
        String encode(T value) throws JsonProcessingException;
    }

    /** Answers once {@code result} completes; the response waits suspended meanwhile. */
    private static <T> void answer(Response response, CompletionStage<T> result, Encoder<T> encoder) {
        response.suspend();
        result.whenComplete((value, failure) -> {
            try {
                if (failure == null) {
                    send(response, 200, encoder.encode(value));
                } else {
                    Throwable cause = Causes.unwrapped(failure);
                    if (cause instanceof ChatOperations.OperationRefused refused) {
                        error(response, 400, refused.code(), refused.getMessage());
                    } else {
                        error(response, 503, "UNAVAILABLE", cause instanceof BrokerUnavailableException
                                && cause.getMessage() != null ? cause.getMessage() : "the broker is unavailable, try again");
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the client went away meanwhile: nothing to answer
            } finally {
                response.resume();
            }
        });
    }

    private static void error(Response response, int status, String code, String message) throws IOException {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("code", code).put("message", message);
        send(response, status, JSON.writeValueAsString(error));
    }

    private static void send(Response response, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
