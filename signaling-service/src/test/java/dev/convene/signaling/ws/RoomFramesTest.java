package dev.convene.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-made frames of the short path, read back by Netty's own client-side decoder. */
class RoomFramesTest {

    private static final int MAX_FRAME = 65_536;

    @Test
    void aMessageUpToTheFrameLimitIsOneFinalTextFrame() {
        for (String text : List.of("", "{}", "é€😀 " + "x".repeat(120), "y".repeat(300), "z".repeat(MAX_FRAME))) {
            List<WebSocketFrame> frames = decode(RoomFrames.encode(ByteBufAllocator.DEFAULT, text, MAX_FRAME));
            assertEquals(1, frames.size());
            TextWebSocketFrame frame = (TextWebSocketFrame) frames.get(0);
            assertTrue(frame.isFinalFragment());
            assertEquals(0, frame.rsv(), "never marked as compressed");
            assertEquals(text, frame.text());
            frame.release();
        }
    }

    @Test
    void aMessageGivenAsUtf8IsWrittenAsTheSameFrames() {
        for (String text : List.of("", "é€😀 " + "x".repeat(120), "z".repeat(MAX_FRAME), "ü".repeat(40_000) + "end")) {
            ByteBuf fromText = RoomFrames.encode(ByteBufAllocator.DEFAULT, text, MAX_FRAME);
            ByteBuf fromUtf8 = RoomFrames.encode(ByteBufAllocator.DEFAULT, text.getBytes(StandardCharsets.UTF_8), MAX_FRAME);
            assertEquals(fromText, fromUtf8, text.length() + " chars");
            fromText.release();
            fromUtf8.release();
        }
    }

    @Test
    void aLargerMessageIsSplitIntoFragmentsOfTheFrameLimit() {
        String text = "ü".repeat(40_000) + "end"; // 80,003 UTF-8 bytes, a character split across frames
        List<WebSocketFrame> frames = decode(RoomFrames.encode(ByteBufAllocator.DEFAULT, text, MAX_FRAME));
        assertEquals(2, frames.size());
        assertTrue(frames.get(0) instanceof TextWebSocketFrame);
        assertFalse(frames.get(0).isFinalFragment());
        assertEquals(MAX_FRAME, frames.get(0).content().readableBytes());
        assertTrue(frames.get(1) instanceof ContinuationWebSocketFrame);
        assertTrue(frames.get(1).isFinalFragment());
        byte[] joined = new byte[80_003];
        frames.get(0).content().readBytes(joined, 0, MAX_FRAME);
        frames.get(1).content().readBytes(joined, MAX_FRAME, 80_003 - MAX_FRAME);
        assertEquals(text, new String(joined, StandardCharsets.UTF_8));
        frames.forEach(WebSocketFrame::release);
    }

    private static List<WebSocketFrame> decode(ByteBuf bytes) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
        client.writeInbound(bytes);
        List<WebSocketFrame> frames = new ArrayList<>();
        WebSocketFrame frame;
        while ((frame = client.readInbound()) != null) {
            frames.add(frame);
        }
        client.finishAndReleaseAll();
        return frames;
    }
}
