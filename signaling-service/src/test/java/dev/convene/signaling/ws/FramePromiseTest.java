package dev.convene.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failed write hands its message back (to the resume queue); a successful one does not. */
class FramePromiseTest {

    @Test
    void aWriteToAClosedChannelHandsTheMessageBack() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.close();
        List<String> undelivered = new ArrayList<>();
        channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1}),
                new FramePromise<>(channel, channel.eventLoop(), "m1", undelivered::add));
        assertEquals(List.of("m1"), undelivered);
    }

    @Test
    void aWrittenMessageIsNotHandedBack() {
        EmbeddedChannel channel = new EmbeddedChannel();
        List<String> undelivered = new ArrayList<>();
        FramePromise<String> promise = new FramePromise<>(channel, channel.eventLoop(), "m1", undelivered::add);
        channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1}), promise);
        assertTrue(promise.isSuccess());
        assertTrue(undelivered.isEmpty());
        ((io.netty.buffer.ByteBuf) channel.readOutbound()).release();
    }

    @Test
    void aMessageIsHandedBackOnceWhicheverWayItFails() {
        EmbeddedChannel channel = new EmbeddedChannel();
        List<String> undelivered = new ArrayList<>();
        FramePromise<String> promise = new FramePromise<>(channel, channel.eventLoop(), "m1", undelivered::add);
        assertTrue(promise.tryFailure(new IOException("reset")));
        assertFalse(promise.tryFailure(new IOException("again")));
        assertEquals(List.of("m1"), undelivered);
        FramePromise<String> other = new FramePromise<>(channel, channel.eventLoop(), "m2", undelivered::add);
        other.setFailure(new IOException("reset"));
        assertEquals(List.of("m1", "m2"), undelivered);
    }
}
