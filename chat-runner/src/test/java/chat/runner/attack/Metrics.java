package chat.runner.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a Prometheus text exposition ({@code /metrics}), parsed into samples.
 *
 * <pre>{@code
 * Metrics m = Metrics.scrape(port);
 * double limits = m.sum("chat_limits_reached_total", Map.of("limit", "history_bytes"));
 * }</pre>
 */
record Metrics(List<Sample> samples) {
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final int TIMEOUT_MS = 5_000;

    /** One sample: a metric name, its labels and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /**
     * GETs {@code /metrics} from the loopback {@code port} with {@code Connection: close}, so no idle
     * connection is left holding one of the server's file descriptors.
     */
    static Metrics scrape(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/plain\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            HttpHead head = HttpHead.read(in);
            if (head.status() != 200) {
                throw new IOException("/metrics answered " + head.statusLine());
            }
            byte[] body = in.readAllBytes();
            if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
                body = unchunk(body);
            }
            return parse(new String(body, StandardCharsets.UTF_8));
        }
    }

    static Metrics parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            double value;
            try {
                value = Double.parseDouble(m.group(3));
            } catch (NumberFormatException e) {
                continue;
            }
            samples.add(new Sample(m.group(1), labels, value));
        }
        return new Metrics(List.copyOf(samples));
    }

    /** The sum of every sample named {@code name} whose labels include {@code labels}; 0 when none. */
    double sum(String name, Map<String, String> labels) {
        return matching(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    double sum(String name) {
        return sum(name, Map.of());
    }

    /** Whether any sample named {@code name} has these labels. */
    boolean has(String name, Map<String, String> labels) {
        return !matching(name, labels).isEmpty();
    }

    /** The distinct values of {@code label} among samples named {@code name}. */
    Set<String> labelValues(String name, String label) {
        Set<String> values = new TreeSet<>();
        for (Sample s : samples) {
            if (s.name().equals(name) && s.labels().containsKey(label)) {
                values.add(s.labels().get(label));
            }
        }
        return values;
    }

    /** The samples named {@code name}, written as in the exposition, for failure messages. */
    String describe(String name) {
        List<String> lines = new ArrayList<>();
        for (Sample s : matching(name, Map.of())) {
            lines.add(s.name() + s.labels() + " " + s.value());
        }
        return lines.isEmpty() ? "no " + name + " series" : String.join(", ", lines);
    }

    private List<Sample> matching(String name, Map<String, String> labels) {
        List<Sample> found = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())) {
                found.add(s);
            }
        }
        return found;
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(chunked.length);
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = at;
            while (lineEnd + 1 < chunked.length && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size = sizeLine.isEmpty() ? 0 : Integer.parseInt(sizeLine, 16);
            if (size == 0) {
                break;
            }
            body.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return body.toByteArray();
    }
}
