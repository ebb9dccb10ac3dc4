package dev.convene.signaling.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Handler;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

/**
 * The short path of a room socket's text messages, a Netty handler just before Vert.x's own in
 * the connection's pipeline (docs/PERFORMANCE.md). Profiles of the relay showed Vert.x's
 * per-frame work as a large share of the CPU: a heap copy of each inbound frame, its inbound
 * buffer and dispatch, the frame aggregator's Buffer; per outbound frame a byte[] from
 * {@code String.getBytes}, two frame objects, a synchronized write with a promise, and the
 * encoder's second buffer and copy.
 * <ul>
 * <li>Inbound: a complete text message in one frame is decoded and handed to the socket's
 * handler on its Vert.x context, as Vert.x would. Everything else (fragments, control frames,
 * a frame over the message size limit, which Vert.x answers with 1009) goes on to Vert.x.</li>
 * <li>Outbound: a text message is encoded once, header and UTF-8 payload, into one pooled
 * buffer written below the WebSocket encoder (it passes buffers through untouched), split into
 * fragments above the frame size limit as Vert.x does. Writes keep their order across threads:
 * while any write handed over from another thread is pending, the event loop's own writes queue
 * behind it (as Vert.x's do).</li>
 * <li>Flushes (the {@code sendto} system call, about half of the relay's CPU) are consolidated
 * per socket to one per event-loop turn ({@link TurnFlush}): when a turn relays several
 * messages to the same socket (a burst of ICE candidates, or a backlog) they leave in one
 * write. The flush happens at the end of the turn, after the reads it processes.</li>
 * <li>Each write's promise ({@link FramePromise}) hands the message back to the participant's
 * resume queue if the write fails; a write that succeeds costs no listener.</li>
 * </ul>
 * Control frames (ping, pong, close) stay with Vert.x. A text message sent this way is never
 * compressed, which permessage-deflate allows (RSV1 unset).
 */
final class RoomFrames extends ChannelInboundHandlerAdapter {

    private static final int FIN = 0x80;
    private static final int OPCODE_CONTINUATION = 0x0;
    private static final int OPCODE_TEXT = 0x1;
    private static final AtomicIntegerFieldUpdater<RoomFrames> HANDED_OVER =
            AtomicIntegerFieldUpdater.newUpdater(RoomFrames.class, "handedOver");

    private final ContextInternal vertxContext;
    private final Handler<byte[]> onText;
    private final int maxMessageSize;
    private final int maxFrameSize;
    private ChannelHandlerContext netty;
    private TurnFlush turnFlush;
    /** Written to in this event-loop turn and not flushed yet (event loop only). */
    private boolean flushPending;
    /** Writes handed to the event loop from another thread and not yet written. */
    private volatile int handedOver;

    private RoomFrames(ContextInternal vertxContext, Handler<byte[]> onText, int maxMessageSize, int maxFrameSize) {
        this.vertxContext = vertxContext;
        this.onText = onText;
        this.maxMessageSize = maxMessageSize;
        this.maxFrameSize = maxFrameSize;
    }

    /** Installs the short path on an upgraded connection; call it on the connection's event loop. */
    static RoomFrames install(ConnectionBase connection, Handler<byte[]> onText, int maxMessageSize, int maxFrameSize) {
        RoomFrames frames = new RoomFrames(connection.getContext(), onText, maxMessageSize, maxFrameSize);
        ChannelHandlerContext vertx = connection.channelHandlerContext();
        // The HTTP server's idle handler (quarkus.http.idle-timeout) adds a listener to every write;
        // room sockets have their own idle timeout (IdleReaper, convene.signaling.idle-timeout).
        if (vertx.pipeline().get("idle") instanceof io.netty.handler.timeout.IdleStateHandler) {
            vertx.pipeline().remove("idle");
        }
        vertx.pipeline().addBefore(vertx.name(), "convene-room-frames", frames);
        return frames;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.netty = context;
        this.turnFlush = TurnFlush.of(context.executor()); // install runs on the connection's event loop
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        // A final text frame is a whole message: the decoder refuses one inside a fragmented message.
        if (message instanceof TextWebSocketFrame frame && frame.isFinalFragment()
                && frame.content().readableBytes() <= maxMessageSize) {
            byte[] utf8; // the decoder checked it is UTF-8; parsed as bytes, never decoded to a String
            try {
                utf8 = ByteBufUtil.getBytes(frame.content());
            } finally {
                frame.release();
            }
            vertxContext.dispatch(utf8, onText);
            return;
        }
        context.fireChannelRead(message);
    }

    /**
     * Writes one text message, a {@code String} or its UTF-8 bytes ({@code byte[]}: relayed
     * frames, never decoded); {@code undelivered} gets it back if the write fails.
     */
    <T> void write(T text, Consumer<T> undelivered) {
        EventExecutor loop = netty.executor();
        if (loop.inEventLoop() && handedOver == 0) {
            writeNow(text, undelivered);
            return;
        }
        HANDED_OVER.incrementAndGet(this);
        try {
            loop.execute(() -> {
                HANDED_OVER.decrementAndGet(this);
                writeNow(text, undelivered);
            });
        } catch (RejectedExecutionException e) { // the event loop is shutting down
            HANDED_OVER.decrementAndGet(this);
            undelivered.accept(text);
        }
    }

    private <T> void writeNow(T text, Consumer<T> undelivered) {
        ByteBuf frames = text instanceof byte[] utf8 ? encode(netty.alloc(), utf8, maxFrameSize)
                : encode(netty.alloc(), (String) text, maxFrameSize);
        netty.write(frames, new FramePromise<>(netty.channel(), netty.executor(), text, undelivered));
        if (!flushPending) {
            flushPending = true;
            turnFlush.add(this);
        }
    }

    /** Called by {@link TurnFlush} at the end of the turn. */
    void flush() {
        flushPending = false;
        netty.flush();
    }

    /** One server text message as WebSocket frames (unmasked), fragmented above {@code maxFrameSize}. */
    static ByteBuf encode(ByteBufAllocator allocator, String text, int maxFrameSize) {
        int length = ByteBufUtil.utf8Bytes(text);
        if (length <= maxFrameSize) {
            ByteBuf out = allocator.buffer(headerSize(length) + length);
            header(out, FIN | OPCODE_TEXT, length);
            ByteBufUtil.writeUtf8(out, text);
            return out;
        }
        return encode(allocator, text.getBytes(StandardCharsets.UTF_8), maxFrameSize);
    }

    /** One server text message given as UTF-8, as WebSocket frames (unmasked), fragmented above {@code maxFrameSize}. */
    static ByteBuf encode(ByteBufAllocator allocator, byte[] utf8, int maxFrameSize) {
        int length = utf8.length;
        if (length <= maxFrameSize) {
            ByteBuf out = allocator.buffer(headerSize(length) + length);
            header(out, FIN | OPCODE_TEXT, length);
            return out.writeBytes(utf8);
        }
        ByteBuf out = allocator.buffer(length + (length / maxFrameSize + 1) * headerSize(maxFrameSize));
        for (int offset = 0; offset < length; offset += maxFrameSize) {
            int size = Math.min(maxFrameSize, length - offset);
            int opcode = offset == 0 ? OPCODE_TEXT : OPCODE_CONTINUATION;
            header(out, (offset + size == length ? FIN : 0) | opcode, size);
            out.writeBytes(utf8, offset, size);
        }
        return out;
    }

    private static int headerSize(int length) {
        return length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    }

    private static void header(ByteBuf out, int first, int length) {
        out.writeByte(first);
        if (length < 126) {
            out.writeByte(length);
        } else if (length <= 0xFFFF) {
            out.writeByte(126).writeShort(length);
        } else {
            out.writeByte(127).writeLong(length);
        }
    }
}
