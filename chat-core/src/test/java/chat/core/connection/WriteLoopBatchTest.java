package chat.core.connection;

import chat.core.protocol.CloseCode;
import chat.core.protocol.EncodedFrame;
import chat.core.protocol.ShutdownNotice;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames that queue while a write is in flight go out together, on transports that take several a write. */
class WriteLoopBatchTest {

    /** Takes up to {@code perWrite} frames a write and holds each write until the test completes it. */
    private static final class BatchingTransport implements FrameTransport {
        final int perWrite;
        final List<List<String>> writes = new ArrayList<>();
        final ArrayDeque<Consumer<Throwable>> held = new ArrayDeque<>();
        final List<CloseCode> closes = new ArrayList<>();

        BatchingTransport(int perWrite) {
            this.perWrite = perWrite;
        }

        @Override
        public int maxFramesPerWrite() {
            return perWrite;
        }

        @Override
        public void send(EncodedFrame frame, Consumer<Throwable> done) {
            sendAll(List.of(frame), done);
        }

        @Override
        public void sendAll(List<EncodedFrame> frames, Consumer<Throwable> done) {
            assertTrue(frames.size() <= perWrite, "more frames than the transport takes: " + frames.size());
            writes.add(frames.stream().map(EncodedFrame::json).toList());
            held.addLast(done);
        }

        @Override
        public void close(CloseCode code, String reason) {
            closes.add(code);
        }

        void completeNext() {
            held.removeFirst().accept(null);
        }
    }

    private static EncodedFrame frame(String json) {
        return new EncodedFrame(new ShutdownNotice("x"), json);
    }

    @Test
    void framesQueuedBehindAWriteGoOutTogetherInOrder() {
        BatchingTransport transport = new BatchingTransport(3);
        BufferedConnection connection = new BufferedConnection("c1", "u1", transport, 100);
        connection.send(frame("a"));
        for (String json : List.of("b", "c", "d", "e")) {
            connection.send(frame(json));
        }
        assertEquals(List.of(List.of("a")), transport.writes);
        assertEquals(4, connection.queued());

        transport.completeNext();
        assertEquals(List.of("b", "c", "d"), transport.writes.get(1), "as many as the transport takes");
        assertEquals(1, connection.queued());
        assertEquals(1, connection.queuedBytes());

        transport.completeNext();
        assertEquals(List.of("e"), transport.writes.get(2));
        transport.completeNext();
        assertEquals(3, transport.writes.size());
        assertEquals(0, connection.queued());
    }

    @Test
    void aWriteOfSeveralFramesStaysWithinItsByteBoundButALargeFrameGoesAlone() {
        BatchingTransport transport = new BatchingTransport(64);
        BufferedConnection connection = new BufferedConnection("c1", "u1", transport, 100);
        String half = "h".repeat(WriteLoop.MAX_BYTES_PER_WRITE / 2);
        String large = "L".repeat(WriteLoop.MAX_BYTES_PER_WRITE + 1);
        connection.send(frame("first"));
        connection.send(frame(half));
        connection.send(frame(half));
        connection.send(frame("x"));
        connection.send(frame(large));

        transport.completeNext();
        assertEquals(2, transport.writes.get(1).size(), "two halves fill one write");
        transport.completeNext();
        assertEquals(List.of("x"), transport.writes.get(2), "the large frame does not join a write");
        transport.completeNext();
        assertEquals(List.of(large), transport.writes.get(3));
    }

    @Test
    void aCloseRequestedWhileFramesWaitFollowsTheirWrite() {
        BatchingTransport transport = new BatchingTransport(8);
        BufferedConnection connection = new BufferedConnection("c1", "u1", transport, 100);
        connection.send(frame("a"));
        connection.send(frame("b"));
        connection.send(frame("c"));
        connection.close(CloseCode.NORMAL, "bye");
        transport.completeNext();
        assertEquals(List.of("b", "c"), transport.writes.get(1));
        assertTrue(transport.closes.isEmpty(), "closed before what was queued was written");
        transport.completeNext();
        assertEquals(List.of(CloseCode.NORMAL), transport.closes);
    }
}
