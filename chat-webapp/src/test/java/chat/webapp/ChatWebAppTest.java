package chat.webapp;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatWebAppTest {

    @Test
    void applicationWithoutJakartaWebSocketFailsToStartSayingWhy() throws Exception {
        Server server = new Server(); // no connector: the context fails before anything would listen
        ServletContextHandler context = new ServletContextHandler("/chat");
        context.addEventListener(new ChatWebApp());
        server.setHandler(context);
        long writersBefore = writerThreads();
        try {
            Exception e = assertThrows(Exception.class, server::start);
            Throwable cause = e;
            while (!(cause instanceof IllegalStateException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertTrue(cause.getMessage().contains("chat-webapp /chat: the servlet context has no "
                    + "jakarta.websocket.server.ServerContainer attribute"), cause.getMessage());
            assertNull(context.getServletContext().getAttribute(ChatWebApp.HUB_ATTRIBUTE));
            assertEquals(writersBefore, writerThreads(), "no writer threads were started");
        } finally {
            server.stop();
        }
    }

    @Test
    void theHubsAttributeKeepsTheNameApplicationsLookItUpBy() {
        assertEquals("chat.core.ChatHub", ChatWebApp.HUB_ATTRIBUTE);
    }

    private static long writerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("chat-writer-")).count();
    }
}
