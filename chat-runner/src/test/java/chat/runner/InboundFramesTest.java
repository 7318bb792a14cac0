package chat.runner;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static chat.runner.InboundFrames.Verdict.PASS;
import static chat.runner.InboundFrames.Verdict.PING_FLOOD;
import static chat.runner.InboundFrames.Verdict.REFUSED;
import static chat.runner.InboundFrames.Verdict.TOO_LARGE;
import static chat.runner.InboundFrames.Verdict.UNMASKED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frame headers followed across reads, without sockets. */
class InboundFramesTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void framesWithinTheLimitPassWhereverTheReadsSplitThem() {
        InboundFrames frames = new InboundFrames(70_000, 20, 10, 0);
        byte[] wire = concat(frame(0x1, 10), frame(0x2, 300), frame(0x1, 65_536), frame(0xA, 0));
        for (byte b : wire) { // one byte per read: every header and length split
            assertEquals(PASS, frames.scan(wrap(new byte[] {b}), 0));
        }
        assertEquals(PASS, frames.scan(wrap(frame(0x1, 5)), 0), "the next header is found where the last payload ended");
    }

    @Test
    void aHeaderAnnouncingMoreThanTheLimitIsRefusedOnceThenEveryReadAfter() {
        InboundFrames frames = new InboundFrames(1_000, 20, 10, 0);
        assertEquals(TOO_LARGE, frames.scan(wrap(header(0x1, 1_001)), 0));
        assertEquals(REFUSED, frames.scan(wrap(frame(0x1, 1)), 0));
    }

    @Test
    void anUnmaskedFrameIsRefused() {
        InboundFrames frames = new InboundFrames(1_000, 20, 10, 0);
        assertEquals(PASS, frames.scan(wrap(frame(0x1, 3)), 0));
        byte[] unmasked = {(byte) 0x81, 0x02, 'h', 'i'};
        assertEquals(UNMASKED, frames.scan(wrap(unmasked), 0));
        assertEquals(REFUSED, frames.scan(wrap(frame(0x1, 1)), 0));
    }

    @Test
    void pingsBeyondTheBurstAreAFlood() {
        InboundFrames frames = new InboundFrames(1_000, 3, 1, 0);
        assertEquals(PASS, frames.scan(wrap(concat(frame(0x9, 4), frame(0x9, 4), frame(0x9, 4))), 0));
        assertEquals(PING_FLOOD, frames.scan(wrap(frame(0x9, 4)), 0));
        assertEquals(REFUSED, frames.scan(wrap(frame(0x9, 4)), 10 * SECOND));
    }

    @Test
    void theBucketRefillsAtItsRateAndOtherFramesTakeNothingFromIt() {
        InboundFrames frames = new InboundFrames(1_000, 2, 4, 0);
        assertEquals(PASS, frames.scan(wrap(concat(frame(0x9, 0), frame(0x9, 0), frame(0x1, 9), frame(0xA, 0))), 0));
        assertEquals(PASS, frames.scan(wrap(frame(0x9, 0)), SECOND / 4), "one token back after a quarter second");
        assertEquals(PING_FLOOD, frames.scan(wrap(frame(0x9, 0)), SECOND / 4));
    }

    @Test
    void aReadStartsCleanOnlyAtAFrameBoundaryOutsideAFragmentedMessageAndBeforeAnyClose() {
        InboundFrames frames = new InboundFrames(1_000, 20, 10, 0);
        scan(frames, concat(frame(0x1, 10), frame(0xA, 0)));
        assertTrue(frames.readStartsClean(), "the first read");
        byte[] talk = frame(0x1, 20);
        scan(frames, Arrays.copyOf(talk, 9));
        assertTrue(frames.readStartsClean(), "the read that cut a frame started at a boundary");
        scan(frames, Arrays.copyOfRange(talk, 9, talk.length));
        assertFalse(frames.readStartsClean(), "the read that ends the cut frame");
        scan(frames, frame(0x1, 3));
        assertTrue(frames.readStartsClean(), "the cut frame ended with the last read");

        byte[] first = frame(0x1, 4);
        first[0] &= 0x7F; // no FIN: a fragmented message begins
        scan(frames, first);
        scan(frames, frame(0x9, 0)); // a ping between fragments
        assertFalse(frames.readStartsClean(), "inside a fragmented message");
        byte[] middle = frame(0x0, 4);
        middle[0] &= 0x7F;
        scan(frames, concat(middle, frame(0x0, 4)));
        assertFalse(frames.readStartsClean(), "inside a fragmented message");
        scan(frames, frame(0x1, 2));
        assertTrue(frames.readStartsClean(), "the final continuation ended the message");

        scan(frames, frame(0x8, 2));
        scan(frames, frame(0x1, 2));
        assertFalse(frames.readStartsClean(), "after a close frame");
        scan(frames, frame(0x1, 2));
        assertFalse(frames.readStartsClean(), "after a close frame, for good");
    }

    private static void scan(InboundFrames frames, byte[] read) {
        assertEquals(PASS, frames.scan(wrap(read), 0));
    }

    private static Buffer wrap(byte[] bytes) {
        return Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, bytes);
    }

    /** A masked client frame of {@code payload} zero bytes. */
    private static byte[] frame(int opcode, int payload) {
        return concat(header(opcode, payload), new byte[payload]);
    }

    private static byte[] header(int opcode, long payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | opcode);
        if (payload < 126) {
            out.write(0x80 | (int) payload);
        } else if (payload < 65_536) {
            out.write(0x80 | 126);
            out.write((int) (payload >>> 8));
            out.write((int) payload);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (payload >>> shift));
            }
        }
        out.writeBytes(new byte[4]); // mask
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
