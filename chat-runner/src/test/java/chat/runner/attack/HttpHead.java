package chat.runner.attack;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status line and headers of an HTTP response, read byte by byte so that nothing after the
 * blank line (a body, or the first WebSocket frame) is consumed.
 *
 * @param headers names in lower case
 */
record HttpHead(String statusLine, int status, Map<String, List<String>> headers) {
    /** More than this without a blank line is not a response head this toolkit accepts. */
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    /** The first value of a header, or null. */
    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Reads up to and including the blank line; throws EOFException when the stream ends first. */
    static HttpHead read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(head.length() == 0 ? "closed without an HTTP answer"
                        : "closed inside the HTTP answer: " + head);
            }
            if (head.length() >= MAX_HEAD_BYTES) {
                throw new IOException("HTTP answer head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            head.append((char) b); // ISO-8859-1, as HTTP/1.1 header bytes are
        }
        String[] lines = head.toString().split("\r\n");
        String statusLine = lines[0];
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            status = -1;
        }
        Map<String, List<String>> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        return new HttpHead(new String(statusLine.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1),
                status, headers);
    }
}
