package dev.convene.signaling.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.util.concurrent.EventExecutor;
import java.util.function.Consumer;

/**
 * The promise of one message written by {@link RoomFrames}: if the write fails (the socket
 * closed before the message reached the kernel), the message goes back to {@code undelivered},
 * the participant's resume queue. Netty fails a write's promise through {@code tryFailure} or
 * {@code setFailure}; success needs no listener, so it costs nothing extra.
 */
final class FramePromise<T> extends DefaultChannelPromise {

    private final T message;
    private final Consumer<T> undelivered;

    FramePromise(Channel channel, EventExecutor executor, T message, Consumer<T> undelivered) {
        super(channel, executor);
        this.message = message;
        this.undelivered = undelivered;
    }

    @Override
    public boolean tryFailure(Throwable cause) {
        if (super.tryFailure(cause)) {
            undelivered.accept(message);
            return true;
        }
        return false;
    }

    @Override
    public ChannelPromise setFailure(Throwable cause) {
        super.setFailure(cause); // throws if already done, as Netty's does
        undelivered.accept(message);
        return this;
    }
}
