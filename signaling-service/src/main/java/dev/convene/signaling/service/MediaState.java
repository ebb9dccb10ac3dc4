package dev.convene.signaling.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a participant shows the others: microphone, camera, screen share, raised hand. */
public final class MediaState {

    public static final String[] FIELDS = {"mic", "camera", "screen", "hand"};

    private volatile boolean mic;
    private volatile boolean camera;
    private volatile boolean screen;
    private volatile boolean hand;

    /** Applies the boolean fields present in {@code update} (validated before). */
    public void apply(JsonNode update) {
        if (update.has("mic")) {
            mic = update.get("mic").booleanValue();
        }
        if (update.has("camera")) {
            camera = update.get("camera").booleanValue();
        }
        if (update.has("screen")) {
            screen = update.get("screen").booleanValue();
        }
        if (update.has("hand")) {
            hand = update.get("hand").booleanValue();
        }
    }

    public void writeTo(ObjectNode target) {
        target.put("mic", mic).put("camera", camera).put("screen", screen).put("hand", hand);
    }
}
