package chat.runner.attack;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.CharacterCodingException;
import java.time.Duration;

/**
 * A plain TCP connection to the server that speaks WebSocket by hand: any bytes, any frame, a
 * handshake cut short, a tiny receive buffer that is never read. Reads are bounded by the duration
 * each method is given; server frames are parsed by {@link FrameReader}.
 *
 * <p>Not thread-safe, except that {@link #close} and {@link #reset} may be called from another
 * thread to end a write that blocks because the server stopped reading.
 */
final class HostileSocket implements AutoCloseable {
    /** The largest server frame read: above the 64 KiB protocol frame, so an oversized answer is seen, not refused. */
    static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private HostileSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    /** Connects to the loopback {@code port}. */
    static HostileSocket connect(int port) throws IOException {
        return connect(port, 0);
    }

    /**
     * @param receiveBuffer when positive, the socket's receive buffer in bytes, set before connecting so
     *                      that the TCP window stays that small: a client that stops reading fills it fast
     */
    static HostileSocket connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
        return new HostileSocket(socket);
    }

    /** Sends a valid handshake for {@code target} and returns the answer's head (101 or not). */
    HttpHead upgrade(String target, Duration within) throws IOException {
        write(HandshakeRequest.to(socket.getPort(), target).bytes());
        return readHead(within);
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes the frames in one write call, so they arrive together. */
    void send(ClientFrame... frames) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (ClientFrame frame : frames) {
            all.writeBytes(frame.encode());
        }
        write(all.toByteArray());
    }

    HttpHead readHead(Duration within) throws IOException {
        socket.setSoTimeout(timeoutMillis(within));
        return HttpHead.read(in);
    }

    /**
     * The next server frame; null when none arrives within the wait. Throws EOFException when the stream
     * ends. A wait that expires inside a frame loses what was read of it: meant for frames that arrive whole.
     */
    WireFrame readFrame(Duration within) throws IOException {
        socket.setSoTimeout(timeoutMillis(within));
        try {
            WireFrame frame = FrameReader.read(in, MAX_FRAME);
            if (frame == null) {
                throw new EOFException("the server ended the stream");
            }
            return frame;
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** The next frame the blocking way, for a reader thread; null at a clean end of stream. */
    WireFrame readFrameBlocking() throws IOException {
        socket.setSoTimeout(0);
        return FrameReader.read(in, MAX_FRAME);
    }

    /**
     * Reads, skipping data frames, pings and pongs, until the server's close frame, the end of the
     * stream or a reset, or until {@code within} passes (STILL_OPEN).
     */
    Ending awaitEnd(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        int skipped = 0;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Ending.of(Ending.Kind.STILL_OPEN, skippedNote(skipped));
                }
                WireFrame frame = readFrame(Duration.ofNanos(left));
                if (frame == null) {
                    return Ending.of(Ending.Kind.STILL_OPEN, skippedNote(skipped));
                }
                if (frame.isClose()) {
                    String reason;
                    try {
                        reason = frame.closeReason();
                    } catch (CharacterCodingException e) {
                        reason = "<" + e.getMessage() + ">";
                    }
                    return Ending.closeFrame(frame.closeCode(), reason, skippedNote(skipped));
                }
                skipped++;
            }
        } catch (EOFException e) {
            return Ending.of(Ending.Kind.EOF, skippedNote(skipped));
        } catch (IOException e) {
            return Ending.of(Ending.Kind.RESET, join(skippedNote(skipped), e.toString()));
        }
    }

    /**
     * Reads and discards raw bytes (an HTTP body, say) until the end of the stream or a reset, or until
     * {@code within} passes (STILL_OPEN).
     */
    Ending awaitEof(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] sink = new byte[8192];
        long discarded = 0;
        try {
            while (true) {
                long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMillis <= 0) {
                    return Ending.of(Ending.Kind.STILL_OPEN, discarded + " bytes after the answer");
                }
                socket.setSoTimeout((int) Math.max(1, leftMillis));
                int n = in.read(sink);
                if (n < 0) {
                    return Ending.of(Ending.Kind.EOF, discarded + " bytes after the answer");
                }
                discarded += n;
            }
        } catch (SocketTimeoutException e) {
            return Ending.of(Ending.Kind.STILL_OPEN, discarded + " bytes after the answer");
        } catch (IOException e) {
            return Ending.of(Ending.Kind.RESET, e.toString());
        }
    }

    /**
     * Raises the receive buffer to 1 MiB, for a client that stopped reading and now drains what the
     * server's kernel still holds for it (the window grows up to what was negotiated at connect).
     */
    void widenReceiveBuffer() throws SocketException {
        socket.setReceiveBufferSize(1 << 20);
    }

    int localPort() {
        return socket.getLocalPort();
    }

    /** Drops the connection with a TCP reset. */
    void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    private static int timeoutMillis(Duration within) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, within.toMillis()));
    }

    private static String skippedNote(int skipped) {
        return skipped == 0 ? "" : skipped + " frames before it";
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + ", " + b;
    }
}
