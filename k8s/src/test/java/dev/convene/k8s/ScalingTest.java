package dev.convene.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** HorizontalPodAutoscalers (signaling, chat) and PodDisruptionBudgets. */
class ScalingTest {

    @ParameterizedTest
    @EnumSource(value = Chart.Variant.class, names = {"DEFAULT", "MULTI_NODE"})
    void signalingAndChatAreAutoscaledOnCpu(Chart.Variant variant) {
        Rendered r = variant.render();
        List<String> targets = r.ofKind("HorizontalPodAutoscaler").map(h -> Yaml.str(h, "spec.scaleTargetRef.name")).sorted().toList();
        assertEquals(List.of("convene-chat-service", "convene-signaling-service"), targets);
        r.ofKind("HorizontalPodAutoscaler").forEach(h -> {
            assertEquals("Deployment", Yaml.str(h, "spec.scaleTargetRef.kind"));
            assertEquals("apps/v1", Yaml.str(h, "spec.scaleTargetRef.apiVersion"));
            assertEquals("cpu", Yaml.str(Yaml.list(h, "spec.metrics").get(0), "resource.name"));
            int min = ((Number) Yaml.get(h, "spec.minReplicas")).intValue();
            int max = ((Number) Yaml.get(h, "spec.maxReplicas")).intValue();
            assertTrue(min >= 2 && max > min, Rendered.id(h) + ": min " + min + " max " + max);
            // the HPA owns the replica count: the Deployment must not reset it on upgrade
            assertNull(Yaml.get(r.one("Deployment", Yaml.str(h, "spec.scaleTargetRef.name")), "spec.replicas"));
        });
    }

    @Test
    void withoutAutoscalingTheReplicaCountComesFromValues() {
        Rendered r = Chart.Variant.SINGLE_NODE.render();
        assertEquals(List.of(), r.all("HorizontalPodAutoscaler"));
        assertEquals(1, Yaml.get(r.one("Deployment", "convene-signaling-service"), "spec.replicas"));
        Rendered scaled = Chart.render(List.of(Chart.K8S_DIR.resolve("examples/single-node.yaml")),
                Map.of("apps.chatService.replicas", 3));
        assertEquals(3, Yaml.get(scaled.one("Deployment", "convene-chat-service"), "spec.replicas"));
    }

    @ParameterizedTest
    @EnumSource(value = Chart.Variant.class, names = {"DEFAULT", "MULTI_NODE"})
    void everyAppAndTheJanusPoolHaveADisruptionBudget(Chart.Variant variant) {
        Rendered r = variant.render();
        for (String name : List.of("web-ui", "auth-service", "room-service", "signaling-service", "chat-service", "janus")) {
            Map<String, Object> pdb = r.one("PodDisruptionBudget", "convene-" + name);
            assertEquals(1, Yaml.get(pdb, "spec.maxUnavailable"));
            assertEquals(name, Yaml.map(pdb, "spec.selector.matchLabels").get("app.kubernetes.io/component"));
        }
        assertFalse(r.has("PodDisruptionBudget", "convene-coturn"), "DaemonSets need no PDB");
    }
}
