package chat.loadtest;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The chat endpoints to connect to. Connections are spread over them round-robin, so one run can
 * load several server instances.
 */
record Endpoints(List<URI> uris) {
    static final String DEFAULT_URL = "ws://127.0.0.1:8085/ws/chat";
    private static final String CHAT_PATH = "/ws/chat";

    Endpoints {
        uris = List.copyOf(uris);
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("no endpoint");
        }
    }

    /** Parses {@code ws://} or {@code wss://} URLs; a URL without a path gets {@code /ws/chat}. */
    static Endpoints parse(List<String> urls) throws UsageException {
        List<URI> uris = new ArrayList<>();
        for (String url : urls) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new UsageException("--url '" + url + "' is not a URL: " + e.getMessage());
            }
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
                throw new UsageException("--url '" + url + "' must start with ws:// or wss://");
            }
            if (uri.getHost() == null) {
                throw new UsageException("--url '" + url + "' has no host");
            }
            if (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")) {
                uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + CHAT_PATH
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            }
            uris.add(uri);
        }
        return new Endpoints(uris);
    }

    /** The URI connection {@code index} opens, with its {@code userId} in the query. */
    URI forConnection(int index, String userId) {
        URI base = uris.get(index % uris.size());
        String separator = base.getRawQuery() == null ? "?" : "&";
        return URI.create(base + separator + "userId=" + URLEncoder.encode(userId, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return uris.size() == 1 ? uris.get(0).toString() : uris.toString();
    }
}
