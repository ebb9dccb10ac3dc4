package dev.convene.signaling.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.impl.WebSocketInternal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;

/**
 * The load generator's cheap wire for the relay phases (not part of the service): a Netty
 * handler just before Vert.x's on a client connection. Sending and receiving through Vert.x's
 * WebSocket cost the generator 11-19 µs per message, so at 40,000 msg/s it could not keep up on
 * a shared core. What the server sees is unchanged: one masked text frame (random mask key, as
 * RFC 6455 wants and Netty's encoder does) per message, one write per frame.
 * <ul>
 * <li>{@link #send}: the pre-encoded prefix of a candidate message, the send time in
 * nanoseconds and the closing {@code "}}}, masked into one pooled buffer;</li>
 * <li>received candidates: the send time is read from the bytes (no String); every other frame
 * (the welcome) goes on to Vert.x.</li>
 * </ul>
 * Only called on the generator's single event loop.
 */
final class BenchWire extends ChannelInboundHandlerAdapter {

    /** What a relayed candidate starts with, and what closes a sent one after its send time. */
    private final byte[] candidate;
    private final byte[] suffix;
    private static final byte[] MARK = " x-ts ".getBytes(StandardCharsets.US_ASCII);

    private final LongConsumer onCandidate;
    private final byte[] digits = new byte[20];
    private ChannelHandlerContext netty;

    private BenchWire(LongConsumer onCandidate, String candidatePrefix) {
        this.onCandidate = onCandidate;
        this.candidate = candidatePrefix.getBytes(StandardCharsets.US_ASCII);
        // a socket.io event is a JSON array around the message: "42[\"signal\",{…}]"
        this.suffix = (candidatePrefix.startsWith("42[") ? "\"}}]" : "\"}}").getBytes(StandardCharsets.US_ASCII);
    }

    /** Installs on a connected client socket; {@code onCandidate} gets each received candidate's send time. */
    static BenchWire install(WebSocket socket, LongConsumer onCandidate, String candidatePrefix) {
        BenchWire wire = new BenchWire(onCandidate, candidatePrefix);
        ChannelHandlerContext vertx = ((WebSocketInternal) socket).channelHandlerContext();
        vertx.pipeline().addBefore(vertx.name(), "bench-wire", wire);
        return wire;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.netty = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof TextWebSocketFrame frame && frame.isFinalFragment() && startsWith(frame.content(), candidate)) {
            try {
                onCandidate.accept(sentAt(frame.content()));
            } finally {
                frame.release();
            }
            return;
        }
        context.fireChannelRead(message);
    }

    /** Writes {@code prefix + sentAtNanos + "}}} as one masked text frame. */
    void send(byte[] prefix, long sentAtNanos) {
        int digitCount = digits(sentAtNanos);
        int length = prefix.length + digitCount + suffix.length;
        ByteBuf out = netty.alloc().buffer(length + 14);
        out.writeByte(0x81); // FIN, text
        if (length < 126) {
            out.writeByte(0x80 | length);
        } else {
            out.writeByte(0x80 | 126).writeShort(length);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        out.writeInt(mask);
        int start = out.writerIndex();
        out.writeBytes(prefix).writeBytes(digits, digits.length - digitCount, digitCount).writeBytes(suffix);
        for (int i = 0; i < length; i++) {
            out.setByte(start + i, out.getByte(start + i) ^ (mask >>> (24 - 8 * (i & 3))));
        }
        netty.writeAndFlush(out, netty.voidPromise());
    }

    /** Writes the decimal digits of a non-negative value at the end of {@link #digits}; returns their count. */
    private int digits(long value) {
        int at = digits.length;
        do {
            digits[--at] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        return digits.length - at;
    }

    private static boolean startsWith(ByteBuf content, byte[] prefix) {
        if (content.readableBytes() < prefix.length) {
            return false;
        }
        int base = content.readerIndex();
        for (int i = 0; i < prefix.length; i++) {
            if (content.getByte(base + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The number after " x-ts " (the generator's send time in the candidate text). */
    private static long sentAt(ByteBuf content) {
        int end = content.writerIndex();
        for (int at = content.readerIndex(); at + MARK.length < end; at++) {
            int i = 0;
            while (i < MARK.length && content.getByte(at + i) == MARK[i]) {
                i++;
            }
            if (i == MARK.length) {
                long value = 0;
                for (int d = at + MARK.length; d < end; d++) {
                    byte b = content.getByte(d);
                    if (b < '0' || b > '9') {
                        break;
                    }
                    value = value * 10 + (b - '0');
                }
                return value;
            }
        }
        throw new IllegalStateException("a relayed candidate without its send time");
    }
}
