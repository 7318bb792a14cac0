package chat.core.connection;

import chat.core.protocol.CloseCode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CloseStateTest {

    private final CloseState state = new CloseState();

    @Test
    void anOpenConnectionHasNoCloseToMake() {
        assertFalse(state.isClosing());
        assertFalse(state.isClosed());
        assertNull(state.takeRequest());
        assertFalse(state.isClosed(), "taking nothing does not close");
    }

    @Test
    void aRequestedCloseIsTakenOnceAndThenTheConnectionIsClosed() {
        state.request(CloseCode.NORMAL, "bye");
        assertTrue(state.isClosing());
        assertFalse(state.isClosed(), "closing until the writer takes the request");

        assertEquals(new CloseState.Request(CloseCode.NORMAL, "bye"), state.takeRequest());

        assertTrue(state.isClosed());
        assertNull(state.takeRequest(), "a second taker does not close the transport again");
    }

    @Test
    void whoeverClosesNowOwnsTheCloseAndThePendingRequestIsNotTaken() {
        state.request(CloseCode.NORMAL, "bye"); // waiting for the writer...
        state.closeNow();                       // ...when the write stalls and the connection is closed

        assertTrue(state.isClosed());
        assertTrue(state.isClosing());
        assertNull(state.takeRequest());
    }

    @Test
    void aFailedWriteReplacesTheRequestedCloseWith1011AndOnlyTheFirstFailureIsReported() {
        state.request(CloseCode.SERVICE_RESTART, "server is restarting");

        assertTrue(state.writeFailed());
        assertFalse(state.writeFailed(), "a failure already reported");

        assertEquals(new CloseState.Request(CloseCode.UNEXPECTED_CONDITION, "send failed"), state.takeRequest());
    }

    @Test
    void aFailedWriteOnAnOpenConnectionMakesItClosing() {
        assertTrue(state.writeFailed());

        assertTrue(state.isClosing());
        assertFalse(state.isClosed());
        assertEquals(CloseCode.UNEXPECTED_CONDITION, state.takeRequest().code());
    }
}
