package dev.convene.signaling.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A meeting's media mode as every replica sees it (Redis key
 * {@code {p}:signaling-service:media:{slug}}): the mode in force, the mode being switched to
 * ({@code target}, between prepare and commit), the room's setting it follows, and a version
 * ({@code epoch}) that compare-and-set transitions increase. {@code sticky} names participants
 * whose presence keeps an AUTO room on the SFU (a pair that cannot connect directly, an
 * overloaded sender): back to P2P only once one of them left.
 *
 * @param mode    "p2p" or "sfu"
 * @param target  null, or the mode a switch in progress goes to
 * @param setting the room's mediaMode setting when the meeting started: AUTO, P2P or SFU
 * @param since   when the current phase began (ms since the epoch)
 */
public record ModeState(String mode, String target, String setting, long epoch, String reason, long since,
        List<String> sticky) {

    public static final String P2P = "p2p";
    public static final String SFU = "sfu";
    public static final String AUTO = "AUTO";

    public ModeState {
        sticky = sticky == null ? List.of() : List.copyOf(sticky);
    }

    /** The state of a meeting that starts now: fixed SFU rooms on the SFU, AUTO and P2P rooms in a mesh. */
    public static ModeState initial(String setting, long now, long epoch) {
        String normalised = normalisedSetting(setting);
        return new ModeState("SFU".equals(normalised) ? SFU : P2P, null, normalised, epoch, "start", now, List.of());
    }

    public boolean isAuto() {
        return AUTO.equals(setting);
    }

    public boolean switching() {
        return target != null;
    }

    public ModeState prepare(String to, String why, List<String> stickyIds, long now) {
        return new ModeState(mode, to, setting, epoch + 1, why, now, stickyIds);
    }

    /** The same meeting following another setting (the room's mediaMode changed during it). */
    public ModeState withSetting(String newSetting) {
        return new ModeState(mode, target, newSetting, epoch + 1, reason, since, sticky);
    }

    /** AUTO, P2P or SFU: anything else is AUTO (as for a new meeting). */
    public static String normalisedSetting(String setting) {
        return "SFU".equals(setting) || "P2P".equals(setting) ? setting : AUTO;
    }

    public ModeState commit(long now) {
        return new ModeState(target, null, setting, epoch + 1, reason, now, sticky);
    }

    /** Deterministic JSON (the stored value doubles as the compare-and-set version). */
    public String toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode().put("mode", mode);
        if (target == null) {
            node.putNull("target");
        } else {
            node.put("target", target);
        }
        node.put("setting", setting).put("epoch", epoch).put("reason", reason).put("since", since);
        node.putArray("sticky").addAll(sticky.stream().map(json.getNodeFactory()::textNode).toList());
        return node.toString();
    }

    /** The state in a stored value or an event payload; null if it is not one. */
    public static ModeState fromJson(JsonNode node) {
        if (node == null || !node.path("mode").isTextual() || !node.path("epoch").canConvertToLong()) {
            return null;
        }
        String mode = node.get("mode").asText();
        String target = node.path("target").isTextual() ? node.get("target").asText() : null;
        if (!P2P.equals(mode) && !SFU.equals(mode) || target != null && !P2P.equals(target) && !SFU.equals(target)) {
            return null;
        }
        List<String> sticky = new ArrayList<>();
        node.path("sticky").forEach(id -> sticky.add(id.asText()));
        return new ModeState(mode, target, node.path("setting").asText(AUTO), node.get("epoch").asLong(),
                node.path("reason").asText(""), node.path("since").asLong(0), sticky);
    }
}
