package chat.webapp;

import chat.core.broker.Broker;
import chat.core.events.ChatEvents;
import chat.core.hub.ChatHub;
import chat.core.hub.ChatService;
import chat.config.ConfigException;
import chat.endpoint.ChatEndpoint;
import chat.endpoint.EndpointCollaborators;
import chat.endpoint.JwtIdentity;
import chat.endpoint.RemoteAddress;
import chat.redis.Brokers;
import chat.redis.RedisConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the chat service for as long as its web application runs. When the application starts it
 * reads the settings, builds the broker, starts the hub with its writer threads, and deploys the chat
 * endpoint at {@code <context path>/ws/chat} on the application's {@link ServerContainer}; when it
 * stops, it sends every client the SHUTDOWN notice, closes them with 1012, waits for them up to the
 * shutdown timeout, then stops the writer threads and the broker.
 *
 * <p>Declared in the WAR's {@code WEB-INF/web.xml}; to run it in your own embedded server, register it
 * on a servlet context that has Jakarta WebSocket, for example with Jetty 12:
 *
 * <pre>{@code
 * ServletContextHandler context = new ServletContextHandler("/");
 * JakartaWebSocketServletContainerInitializer.configure(context, null);
 * context.addEventListener(new ChatWebApp());
 * }</pre>
 *
 * <p>While the application runs, its hub is the servlet context attribute {@link #HUB_ATTRIBUTE}.
 */
public final class ChatWebApp implements ServletContextListener {
    /**
     * The servlet context attribute holding the hub. Its name is an interface applications rely
     * on, kept as it was when the hub was {@code chat.core.ChatHub}, whatever package it lives in.
     */
    public static final String HUB_ATTRIBUTE = "chat.core.ChatHub";
    /** Where a Jakarta WebSocket container puts its {@link ServerContainer} (Jakarta WebSocket spec, 6.4). */
    static final String SERVER_CONTAINER_ATTRIBUTE = ServerContainer.class.getName();

    private static final System.Logger LOG = System.getLogger(ChatWebApp.class.getName());

    private final Optional<WebAppSettings> given;
    private volatile Running running; // null unless the application runs

    /** The running service and how long stopping it may wait for clients. */
    private record Running(ChatService service, Duration shutdownTimeout) {
    }

    /** Reads its settings from the servlet context when the application starts ({@link WebAppSettings#read}). */
    public ChatWebApp() {
        this.given = Optional.empty();
    }

    /** Runs with {@code settings}, reading none. */
    public ChatWebApp(WebAppSettings settings) {
        this.given = Optional.of(Objects.requireNonNull(settings, "settings"));
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String name = name(context);
        ServerContainer container = serverContainer(context, name);
        WebAppSettings settings = settings(context, name);
        Broker broker = Brokers.of(settings.redis(), settings.instanceId(), settings.history());
        ChatService started = ChatService.start("chat-webapp " + name, settings.service().options(), broker, ChatEvents.NONE);
        try {
            container.addEndpoint(ChatEndpoint.config(new EndpointCollaborators(started.hub(),
                    settings.allowedOrigins(), JwtIdentity.orQueryUserId(settings.authSecret()),
                    RemoteAddress.UNKNOWN)));
        } catch (DeploymentException | RuntimeException e) {
            started.close();
            throw new IllegalStateException("chat-webapp " + name + ": cannot deploy the chat endpoint at "
                    + ChatEndpoint.PATH + ": " + e.getMessage(), e);
        }
        running = new Running(started, settings.shutdownTimeout());
        context.setAttribute(HUB_ATTRIBUTE, started.hub());
        LOG.log(System.Logger.Level.INFO, "chat-webapp {0}: chat endpoint at {1}{2} (instance {3}, broker {4},"
                        + " {5} writer threads, allowed origins {6}, identity {7})", name, context.getContextPath(),
                ChatEndpoint.PATH, settings.instanceId(),
                settings.redis().map(RedisConfig::safeUrl).orElse(broker.kind()),
                String.valueOf(settings.service().options().writerThreads()),
                settings.allowedOrigins().isEmpty() ? "any" : String.join(",", settings.allowedOrigins()),
                settings.authSecret().isPresent() ? "signed tokens" : "userId parameter (not authenticated)");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Running stopping = running;
        if (stopping == null) {
            return; // never started
        }
        running = null;
        event.getServletContext().removeAttribute(HUB_ATTRIBUTE);
        boolean drained;
        try {
            drained = stopping.service().drain(stopping.shutdownTimeout());
        } finally {
            stopping.service().close();
        }
        LOG.log(System.Logger.Level.INFO, "chat-webapp {0}: stopped{1}", name(event.getServletContext()),
                drained ? "" : " (some clients did not close in time; the container closes them)");
    }

    private WebAppSettings settings(ServletContext context, String name) {
        try {
            return given.orElseGet(() -> WebAppSettings.read(context));
        } catch (ConfigException e) {
            throw new IllegalStateException("chat-webapp " + name + ": bad setting, " + e.getMessage(), e);
        }
    }

    private static ServerContainer serverContainer(ServletContext context, String name) {
        Object container = context.getAttribute(SERVER_CONTAINER_ATTRIBUTE);
        if (container instanceof ServerContainer serverContainer) {
            return serverContainer;
        }
        throw new IllegalStateException("chat-webapp " + name + ": the servlet context has no "
                + SERVER_CONTAINER_ATTRIBUTE + " attribute, so this server does not run Jakarta WebSocket for the"
                + " application. Enable it (Jetty 12: the ee10-websocket-jakarta module; embedded Jetty:"
                + " JakartaWebSocketServletContainerInitializer.configure(context, null) before the context starts)");
    }

    private static String name(ServletContext context) {
        return context.getContextPath().isEmpty() ? "/" : context.getContextPath();
    }
}
