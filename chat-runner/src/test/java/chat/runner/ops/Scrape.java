package chat.runner.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One scrape of /metrics in Prometheus text format: sample name with labels -> value. */
public record Scrape(Map<String, Double> samples, String text) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static Scrape of(int port) {
        HttpResponse<String> response = get(port, "/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode());
        }
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Scrape(samples, response.body());
    }

    public static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A sample's value, 0 when absent (a counter with labels not seen yet). */
    public double value(String sample) {
        return samples.getOrDefault(sample, 0.0);
    }

    /** Metric family names as PromQL sees them (series names without labels). */
    Set<String> seriesNames() {
        Set<String> names = new TreeSet<>();
        for (String sample : samples.keySet()) {
            int brace = sample.indexOf('{');
            names.add(brace < 0 ? sample : sample.substring(0, brace));
        }
        return names;
    }
}
