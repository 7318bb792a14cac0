package chat.runner;

import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.HttpStatus;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the browser chat page, the files in the jar's {@code web/} folder, on the WebSocket port:
 * {@code GET /} is {@code web/index.html}, {@code GET /chat.js} is {@code web/chat.js}.
 *
 * <p>Only files directly in that folder whose type is listed here are served, for GET and HEAD;
 * any other path is 404 and any other method 405. Every answer says {@code Cache-Control: no-cache}
 * (a browser revalidates, so a new server's page is picked up at once), forbids type sniffing,
 * closes the connection after the answer ({@code Connection: close}), and carries a
 * Content-Security-Policy under which the page runs only its own script files (no inline script)
 * and connects only to its own host. Thread-safe; Grizzly calls it on its
 * worker threads.
 */
final class ChatPageHandler extends CLStaticHttpHandler {
    static final String RESOURCE_FOLDER = "web/";
    /** The policy but for {@code connect-src}, which names the WebSocket URLs of the page's own host. */
    private static final String POLICY = String.join("; ",
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
            "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'");
    /** A Host header fit to be written into the policy: a name or address and a port, nothing else. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](?::[0-9]{1,5})?");

    /** {@code /} or {@code /name.ext}: no folders, no dots but the extension's. */
    private static final Pattern PATH = Pattern.compile("/(?:([A-Za-z0-9_-]+)\\.([a-z]+))?");
    private static final String INDEX = "index.html";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html;charset=utf-8",
            "css", "text/css;charset=utf-8",
            "js", "text/javascript;charset=utf-8",
            "svg", "image/svg+xml");

    ChatPageHandler() {
        super(ChatPageHandler.class.getClassLoader(), RESOURCE_FOLDER);
        setFileCacheEnabled(false); // the runner's filter chain has no file cache (see UpgradeRequestRelease)
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        response.setHeader(Header.CacheControl, "no-cache");
        response.setHeader("Content-Security-Policy", contentSecurityPolicy(request.getHeader(Header.Host)));
        // one request per connection: an idle keep-alive connection would hold a socket that
        // neither MAX_CONNECTIONS nor the WebSocket count sees (HandshakeDeadline ends the rest)
        response.setHeader(Header.Connection, "close");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        boolean head = Method.HEAD.equals(request.getMethod());
        if (!head && !Method.GET.equals(request.getMethod())) {
            response.setHeader(Header.Allow, "GET, HEAD");
            refuse(response, HttpStatus.METHOD_NOT_ALLOWED_405);
            return;
        }
        String file = requestedFile(request);
        URL resource = file == null ? null : getClassLoader().getResource(RESOURCE_FOLDER + file);
        if (resource == null) {
            refuse(response, HttpStatus.NOT_FOUND_404);
            return;
        }
        response.setContentType(CONTENT_TYPES.get(extension(file)));
        if (head) {
            // Grizzly's handler answers GET only: HEAD gets the same headers, and the codec sends no body
            response.setStatus(HttpStatus.OK_200);
            response.setContentLengthLong(length(resource));
        } else if (!handle(file, request, response)) {
            refuse(response, HttpStatus.NOT_FOUND_404);
        }
    }

    /**
     * The page may open WebSockets to its own host only. {@code 'self'} covers {@code ws:} and
     * {@code wss:} of the page's origin in CSP Level 3 browsers; the explicit URLs serve older ones.
     */
    static String contentSecurityPolicy(String host) {
        String connect = host != null && HOST.matcher(host).matches()
                ? "connect-src 'self' ws://" + host + " wss://" + host : "connect-src 'self'";
        return POLICY + "; " + connect;
    }

    private String requestedFile(Request request) throws Exception {
        try {
            return fileName(getRelativeURI(request));
        } catch (CharConversionException undecodable) {
            return null; // Grizzly refuses to decode some escapes, such as %2e%2e
        }
    }

    /** The file a request path names, or null when it names none that is served. */
    static String fileName(String path) {
        if (path == null) {
            return null;
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return null;
        }
        if (m.group(1) == null) {
            return INDEX;
        }
        return CONTENT_TYPES.containsKey(m.group(2)) ? m.group(1) + "." + m.group(2) : null;
    }

    private static String extension(String file) {
        return file.substring(file.lastIndexOf('.') + 1);
    }

    private static long length(URL resource) throws IOException {
        try (InputStream in = resource.openStream()) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static void refuse(Response response, HttpStatus status) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().write(status.getStatusCode() + " " + status.getReasonPhrase() + "\n");
    }
}
