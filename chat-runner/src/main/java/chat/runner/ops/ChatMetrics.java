package chat.runner.ops;

import chat.core.access.AccessDecision;
import chat.core.access.RoomAction;
import chat.core.broker.Broker;
import chat.core.events.ChatEvents;
import chat.core.hub.ChatHub;
import chat.core.protocol.ErrorCode;
import chat.core.events.FrameKind;
import chat.core.events.Limit;
import chat.core.events.Refusal;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The server's Prometheus metrics. Counters count events as the hub and endpoint report them
 * ({@link ChatEvents}); gauges read the hub's and broker's state at scrape time, so they cannot
 * drift from it. Metric names and labels are an interface: dashboards and alerts rely on them, so
 * they are only ever added, never renamed.
 */
public final class ChatMetrics implements ChatEvents {
    private static final double[] LATENCY_BUCKETS =
            {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final String[] COMMON_CLOSE_CODES = {"1000", "1001", "1003", "1006", "1008", "1009", "1011", "1012"};
    /** The label of close codes outside RFC 6455's registry, which a client may pick freely. */
    static final String OTHER_CLOSE_CODE = "other";

    private final PrometheusRegistry registry;
    private final Counter published;
    private final Counter broadcast;
    private final Counter opened;
    private final Counter closed;
    private final Counter refused;
    private final Counter frames;
    private final Counter errors;
    private final Counter roomAccess;
    private final Counter brokerReceived;
    private final Counter publishFailures;
    private final Counter slowConsumers;
    private final Counter rateLimited;
    private final Counter idleClosed;
    private final Histogram deliveryLatency;
    private final Counter historyReplayed;
    private final Counter historyRecovered;
    private final Counter resyncs;
    private final Counter sendFailures;
    private final Counter limitsReached;
    private final Counter invalidBrokerMessages;

    /** Registers the event metrics and the JVM metrics in {@code registry}. */
    public ChatMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        published = Counter.builder().name("chat_messages_published_total")
                .help("Accepted messages handed to the broker").register(registry);
        broadcast = Counter.builder().name("chat_messages_broadcast_total")
                .help("Messages queued to local sessions (one per recipient)").register(registry);
        opened = Counter.builder().name("chat_connections_opened_total")
                .help("WebSocket connections registered").register(registry);
        closed = Counter.builder().name("chat_connections_closed_total")
                .help("Registered connections closed, by WebSocket close code").labelNames("code").register(registry);
        refused = Counter.builder().name("chat_handshakes_refused_total")
                .help("Connections refused before registration, by reason").labelNames("reason").register(registry);
        frames = Counter.builder().name("chat_frames_received_total")
                .help("Client frames received, by type (INVALID: not decodable)").labelNames("type").register(registry);
        errors = Counter.builder().name("chat_errors_sent_total")
                .help("ERROR frames sent to clients, by code").labelNames("code").register(registry);
        roomAccess = Counter.builder().name("chat_room_access_decisions_total")
                .help("Room access decisions for ENTER and HISTORY, by action and decision (allowed, forbidden, "
                        + "unavailable)").labelNames("action", "decision").register(registry);
        brokerReceived = Counter.builder().name("chat_broker_messages_received_total")
                .help("Messages the broker handed to this instance").register(registry);
        publishFailures = Counter.builder().name("chat_broker_publish_failures_total")
                .help("Messages the broker could not take (the sender got UNAVAILABLE)").register(registry);
        slowConsumers = Counter.builder().name("chat_slow_consumer_disconnects_total")
                .help("Connections closed with 1008 because their outbound queue was full, or terminated because "
                        + "their socket's write queue passed its bound").register(registry);
        rateLimited = Counter.builder().name("chat_rate_limited_total")
                .help("Client frames refused for the connection's rate limit (text frames answered RATE_LIMITED, "
                        + "a ping closing the connection with 1008)").register(registry);
        idleClosed = Counter.builder().name("chat_idle_disconnects_total")
                .help("Connections closed with 1001 because they answered no ping in time").register(registry);
        deliveryLatency = Histogram.builder().name("chat_delivery_latency_seconds")
                .help("Time from the accepting instance taking a message to its queueing for the last local recipient")
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
        historyReplayed = Counter.builder().name("chat_history_replayed_total")
                .help("TALKs sent from history to clients that resumed with lastSeq").register(registry);
        historyRecovered = Counter.builder().name("chat_history_recovered_total")
                .help("TALKs this instance missed from the broker and delivered from history").register(registry);
        resyncs = Counter.builder().name("chat_resync_sent_total")
                .help("RESYNC notices sent: TALKs a client should have had were no longer in history").register(registry);
        sendFailures = Counter.builder().name("chat_send_failures_total")
                .help("Writes to a client that failed; the connection was closed with 1011").register(registry);
        limitsReached = Counter.builder().name("chat_limits_reached_total")
                .help("Times the server held to one of its bounds, by limit").labelNames("limit").register(registry);
        invalidBrokerMessages = Counter.builder().name("chat_broker_invalid_messages_total")
                .help("Messages on a room's broker channel that were not a chat message of that room, dropped")
                .register(registry);
        for (Limit limit : Limit.values()) {
            limitsReached.initLabelValues(limit.label());
        }
        for (FrameKind kind : FrameKind.values()) {
            frames.initLabelValues(kind.name());
        }
        for (ErrorCode code : ErrorCode.values()) {
            errors.initLabelValues(code.name());
        }
        for (Refusal reason : Refusal.values()) {
            refused.initLabelValues(reason.label());
        }
        for (String code : COMMON_CLOSE_CODES) {
            closed.initLabelValues(code);
        }
        closed.initLabelValues(OTHER_CLOSE_CODE);
        JvmMetrics.builder().register(registry);
    }

    /** Registers the gauges that read {@code hub} and {@code broker} at scrape time. */
    public void observe(ChatHub hub, Broker broker) {
        GaugeWithCallback.builder().name("chat_connections_active").help("Open WebSocket connections")
                .callback(cb -> cb.call(hub.connectionCount())).register(registry);
        GaugeWithCallback.builder().name("chat_rooms_active").help("Rooms with at least one local member")
                .callback(cb -> cb.call(hub.roomCount())).register(registry);
        GaugeWithCallback.builder().name("chat_outbound_backlog_bytes")
                .help("Bytes queued for local clients and not yet written (what slow readers cost)")
                .callback(cb -> cb.call(hub.outboundBacklogBytes())).register(registry);
        GaugeWithCallback.builder().name("chat_broker_up").help("1 while the broker can take messages, else 0")
                .callback(cb -> cb.call(broker.isAvailable() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("chat_broker_subscriber_up")
                .help("1 while a broker subscriber connection is connected with all its rooms subscribed, by shard")
                .labelNames("shard", "connection")
                .callback(cb -> broker.subscriberStatus().forEach(s -> cb.call(s.up() ? 1 : 0, s.shard(), s.connection())))
                .register(registry);
        GaugeWithCallback.builder().name("chat_broker_subscribed_rooms")
                .help("Rooms a broker subscriber connection carries, by shard")
                .labelNames("shard", "connection")
                .callback(cb -> broker.subscriberStatus().forEach(s -> cb.call(s.rooms(), s.shard(), s.connection())))
                .register(registry);
        CounterWithCallback.builder().name("chat_broker_reconnects_total")
                .help("Times the broker reconnected after losing its backend")
                .callback(cb -> cb.call(broker.reconnects())).register(registry);
    }

    @Override
    public void connectionOpened() {
        opened.inc();
    }

    @Override
    public void connectionClosed(int closeCode) {
        closed.labelValues(closeCodeLabel(closeCode)).inc();
    }

    /**
     * The label of a close code: the code itself for those RFC 6455 registers (1000-1015), else
     * {@code other}. A client chooses its close code freely; one series per code it could pick
     * (1000-4999) would let any client inflate the metric.
     */
    static String closeCodeLabel(int closeCode) {
        return closeCode >= 1000 && closeCode <= 1015 ? String.valueOf(closeCode) : OTHER_CLOSE_CODE;
    }

    @Override
    public void sendFailed() {
        sendFailures.inc();
    }

    @Override
    public void limitReached(Limit limit) {
        limitsReached.labelValues(limit.label()).inc();
    }

    @Override
    public void invalidBrokerMessage() {
        invalidBrokerMessages.inc();
    }

    @Override
    public void handshakeRefused(Refusal reason) {
        refused.labelValues(reason.label()).inc();
    }

    @Override
    public void frameReceived(FrameKind kind) {
        frames.labelValues(kind.name()).inc();
    }

    @Override
    public void roomAccessDecided(RoomAction action, AccessDecision decision) {
        String outcome = decision instanceof AccessDecision.Allowed ? "allowed"
                : decision instanceof AccessDecision.Forbidden ? "forbidden" : "unavailable";
        roomAccess.labelValues(action.name(), outcome).inc();
    }

    @Override
    public void errorSent(ErrorCode code) {
        errors.labelValues(code.name()).inc();
    }

    @Override
    public void messagePublished() {
        published.inc();
    }

    @Override
    public void publishFailed() {
        publishFailures.inc();
    }

    @Override
    public void brokerMessageReceived() {
        brokerReceived.inc();
    }

    @Override
    public void messageDelivered(int recipients, long acceptedToLastMillis) {
        if (recipients > 0) {
            broadcast.inc(recipients);
            deliveryLatency.observe(Math.max(0, acceptedToLastMillis) / 1000.0);
        }
    }

    @Override
    public void idleClosed() {
        idleClosed.inc();
    }

    @Override
    public void rateLimited() {
        rateLimited.inc();
    }

    @Override
    public void slowConsumerClosed() {
        slowConsumers.inc();
    }

    @Override
    public void historyReplayed(int messages) {
        historyReplayed.inc(messages);
    }

    @Override
    public void historyRecovered(int messages) {
        historyRecovered.inc(messages);
    }

    @Override
    public void resyncSent(int clients) {
        resyncs.inc(clients);
    }
}
