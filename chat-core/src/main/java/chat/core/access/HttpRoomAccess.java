package chat.core.access;

import chat.core.events.Causes;
import chat.core.events.ThrottledWarning;
import chat.core.protocol.WireText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;

/**
 * Asks the application ({@code ROOM_ACCESS=callback}): POSTs
 * {@code {"userId":..,"roomId":..,"action":"ENTER"|"HISTORY"}} to {@code ROOM_ACCESS_URL}.
 *
 * <ul>
 *   <li>2xx with {@code {"allow":true}} allows; with {@code {"allow":false,"reason":".."}} forbids,
 *       with that reason;</li>
 *   <li>4xx forbids, with the {@code reason} of a JSON answer if there is one;</li>
 *   <li>no answer within the timeout, a connection error, 5xx, a redirect, a 2xx without a boolean
 *       {@code allow} or an answer over {@value #MAX_ANSWER_BYTES} bytes is
 *       {@link AccessDecision.Unavailable}: access fails closed.</li>
 * </ul>
 *
 * <p>At most {@code maxInFlight} calls are open at once; beyond them a request is unavailable at
 * once rather than queued behind a slow callback. Failures are logged once a minute at most.
 * Thread-safe; never blocks the caller.
 */
public final class HttpRoomAccess implements RoomAccess {
    /** Calls open at once by default. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 256;
    /** The largest answer read; a callback's answer is a few bytes. */
    public static final int MAX_ANSWER_BYTES = 16 * 1024;
    /** The longest reason passed on to a client. */
    static final int MAX_REASON_CHARS = 200;
    private static final String DEFAULT_REASON = "access to this room is denied";
    private static final System.Logger LOG = System.getLogger(HttpRoomAccess.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;
    private final Semaphore inFlight;
    private final ThrottledWarning failures = new ThrottledWarning(LOG, Duration.ofMinutes(1));

    /** Calls to {@code url}, each given {@code timeout} in all, {@value #DEFAULT_MAX_IN_FLIGHT} at once at most. */
    public HttpRoomAccess(URI url, Duration timeout) {
        this(url, timeout, DEFAULT_MAX_IN_FLIGHT);
    }

    public HttpRoomAccess(URI url, Duration timeout, int maxInFlight) {
        this.url = Objects.requireNonNull(url, "url");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("url must be http or https: " + url);
        }
        if (timeout.isNegative() || timeout.isZero() || maxInFlight < 1) {
            throw new IllegalArgumentException("timeout and maxInFlight must be positive");
        }
        this.inFlight = new Semaphore(maxInFlight);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public CompletionStage<AccessDecision> decide(AccessRequest request) {
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.completedFuture(
                    unavailable("too many room access checks are waiting for the application", null));
        }
        CompletableFuture<HttpResponse<byte[]>> call;
        try {
            byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().put("userId", request.userId())
                    .put("roomId", request.roomId()).put("action", request.action().name()));
            call = client.sendAsync(HttpRequest.newBuilder(url).timeout(timeout)
                            .header("Content-Type", "application/json").header("Accept", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    info -> LimitedBody.of(MAX_ANSWER_BYTES))
                    .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((response, failure) -> {
            inFlight.release();
            return failure == null ? decision(response) : unavailable(failureText(failure), failure);
        });
    }

    private AccessDecision decision(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        JsonNode answer = parse(response.body());
        if (status >= 200 && status < 300) {
            JsonNode allow = answer == null ? null : answer.get("allow");
            if (allow == null || !allow.isBoolean()) {
                return unavailable("the room access callback answered " + status + " without a boolean \"allow\"", null);
            }
            return allow.booleanValue() ? AccessDecision.ALLOWED : AccessDecision.forbidden(reason(answer));
        }
        if (status >= 400 && status < 500) {
            return AccessDecision.forbidden(reason(answer));
        }
        return unavailable("the room access callback answered HTTP " + status, null);
    }

    /** The answer as JSON, or null when it is empty, too large or not JSON. */
    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** The answer's {@code reason}, shortened and made printable if it would not be valid chat text. */
    private static String reason(JsonNode answer) {
        JsonNode reason = answer == null ? null : answer.get("reason");
        if (reason == null || !reason.isTextual() || reason.textValue().isBlank()) {
            return DEFAULT_REASON;
        }
        return WireText.shown(reason.textValue(), MAX_REASON_CHARS);
    }

    private String failureText(Throwable failure) {
        Throwable cause = Causes.unwrapped(failure);
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return "the room access callback did not answer within " + timeout.toMillis() + " ms";
        }
        if (cause instanceof LimitedBody.TooLarge) {
            return "the room access callback's answer is over " + MAX_ANSWER_BYTES + " bytes";
        }
        return "the room access callback could not be reached";
    }

    private AccessDecision unavailable(String reason, Throwable failure) {
        failures.occurred(count -> "room access via " + url + ": " + reason + (failure == null ? "" : " (" + failure + ")")
                + "; " + count + " failure(s) since the last line; ENTER and HISTORY are answered UNAVAILABLE until it"
                + " answers; further failures are not logged for a minute");
        return AccessDecision.unavailable(reason);
    }
}
