package chat.runner.api;

import chat.core.hub.ChatOperations;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;

import java.io.IOException;

/**
 * Serves the server API on its own port: a listener apart from the chat's, so that a busy backend
 * and busy WebSocket clients do not wait for each other. A few worker threads with a bounded queue
 * (requests beyond it are refused), bodies of at most {@value ApiHandler#MAX_BODY_BYTES} bytes, and
 * a request that takes longer than {@value #REQUEST_TIMEOUT_SECONDS} s loses its connection.
 */
public final class ApiServer implements AutoCloseable {
    private static final int WORKERS = 4;
    private static final int QUEUED_REQUESTS = 256;
    /** The most of a refused body read and discarded so that the client gets the answer on a kept-alive connection. */
    private static final long SKIPPED_BODY_BYTES = 1024 * 1024;
    private static final int REQUEST_TIMEOUT_SECONDS = 10;
    private static final int IDLE_TIMEOUT_SECONDS = 30;

    private final HttpServer http;
    private final NetworkListener listener;

    private ApiServer(HttpServer http, NetworkListener listener) {
        this.http = http;
        this.listener = listener;
    }

    /** Binds {@code host}:{@code config.port()} and serves; returns once the port is bound. */
    public static ApiServer start(String host, ApiConfig config, ChatOperations operations) throws IOException {
        HttpServer http = new HttpServer();
        NetworkListener listener = new NetworkListener("chat-api", host, config.port());
        listener.setTransactionTimeout(REQUEST_TIMEOUT_SECONDS);
        listener.getKeepAlive().setIdleTimeoutInSeconds(IDLE_TIMEOUT_SECONDS);
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName("chat-api").setCorePoolSize(WORKERS).setMaxPoolSize(WORKERS)
                .setQueueLimit(QUEUED_REQUESTS));
        http.addListener(listener);
        http.getServerConfiguration().addHttpHandler(new ApiHandler(config.key(), operations), "/");
        // the handler refuses a body over its bound with a JSON 413 before reading it (Grizzly's own
        // max post size would answer HTML and drop the connection while the client still writes, so
        // that it never reads the answer); what is left of a refused body is read and discarded up
        // to SKIPPED_BODY_BYTES, past that the connection is closed
        http.getServerConfiguration().setMaxPayloadRemainderToSkip(SKIPPED_BODY_BYTES);
        http.getServerConfiguration().setDefaultErrorPageGenerator((request, status, reason, description, e) -> "");
        http.start();
        return new ApiServer(http, listener);
    }

    public int port() {
        return listener.getPort();
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
