package dev.convene.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * NetworkPolicies allow exactly the traffic the architecture needs. A small evaluator applies
 * the rendered policies (same namespace, matchLabels selectors, ports) to pod-to-pod flows.
 */
class NetworkPolicyTest {

    static final Map<String, Object> INGRESS_NS = Map.of("kubernetes.io/metadata.name", "ingress-nginx");
    static final Map<String, Object> INGRESS_POD = Map.of("app.kubernetes.io/name", "ingress-nginx");

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void everyPodOnThePodNetworkIsIsolatedForIngressAndEgress(Chart.Variant variant) {
        Rendered r = variant.render();
        assertFalse(r.all("NetworkPolicy").isEmpty(), "NetworkPolicies exist");
        r.workloads().filter(w -> !Boolean.TRUE.equals(Yaml.get(Yaml.podSpec(w), "hostNetwork"))).forEach(w -> {
            Map<String, Object> labels = Yaml.map(w, "spec.template.metadata.labels");
            List<Map<String, Object>> policies = policiesFor(r, labels);
            assertFalse(policies.isEmpty(), Rendered.id(w) + ": no NetworkPolicy selects it");
            assertTrue(policies.stream().anyMatch(p -> Yaml.list(p, "spec.policyTypes").toString().contains("Egress")), Rendered.id(w) + ": egress open");
            assertTrue(policies.stream().anyMatch(p -> Yaml.list(p, "spec.policyTypes").toString().contains("Ingress")), Rendered.id(w) + ": ingress open");
        });
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void theIngressControllerReachesTheFiveAppsOnly(Chart.Variant variant) {
        Rendered r = variant.render();
        Map<String, Integer> ports = Map.of("web-ui", 8080, "auth-service", 8081, "room-service", 8082, "signaling-service", 8083, "chat-service", 8084);
        ports.forEach((app, port) -> {
            assertTrue(ingressAllowed(r, null, INGRESS_NS, INGRESS_POD, app, port), "ingress controller -> " + app);
            assertFalse(ingressAllowed(r, null, Map.of("kubernetes.io/metadata.name", "other"), Map.of("app", "x"), app, port), "other namespace -> " + app);
        });
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void serviceToServiceFlowsAreTheJwksCallsOnly(Chart.Variant variant) {
        Rendered r = variant.render();
        // allowed: both the caller's egress and the callee's ingress
        assertTrue(flow(r, "room-service", "auth-service", 8081), "room -> auth JWKS");
        assertTrue(flow(r, "chat-service", "auth-service", 8081), "chat -> auth JWKS");
        assertTrue(flow(r, "signaling-service", "room-service", 8082), "signaling -> room JWKS");
        assertTrue(flow(r, "signaling-service", "auth-service", 8081), "signaling -> auth JWKS (admin recordings API)");
        assertTrue(flow(r, "chat-service", "room-service", 8082), "chat -> room JWKS");
        // everything else between the apps is refused
        List<String> apps = List.of("web-ui", "auth-service", "room-service", "signaling-service", "chat-service");
        Map<String, Integer> ports = Map.of("web-ui", 8080, "auth-service", 8081, "room-service", 8082, "signaling-service", 8083, "chat-service", 8084);
        List<String> allowed = List.of("room-service>auth-service", "chat-service>auth-service", "signaling-service>auth-service",
                "signaling-service>room-service", "chat-service>room-service");
        for (String from : apps) {
            for (String to : apps) {
                if (!from.equals(to) && !allowed.contains(from + ">" + to)) {
                    assertFalse(flow(r, from, to, ports.get(to)), from + " -> " + to + " must be refused");
                }
            }
        }
    }

    @Test
    void appsReachTheirDataStoresAndSignalingReachesJanus() {
        Rendered internal = AllFeatures.render();
        for (String app : List.of("auth-service", "room-service", "chat-service")) {
            assertTrue(flow(internal, app, "postgresql", 5432), app + " -> postgresql");
        }
        for (String app : List.of("auth-service", "room-service", "signaling-service", "chat-service")) {
            assertTrue(flow(internal, app, "redis", 6379), app + " -> redis");
        }
        assertFalse(flow(internal, "signaling-service", "postgresql", 5432), "signaling has no database");
        assertFalse(flow(internal, "web-ui", "redis", 6379), "web-ui uses no Redis");
        assertFalse(flow(internal, "web-ui", "postgresql", 5432), "web-ui uses no database");
        assertTrue(egressAllowed(internal, "signaling-service", Map.of("app.kubernetes.io/component", "janus", "app.kubernetes.io/name", "convene", "app.kubernetes.io/instance", "convene"), 8188));
        assertFalse(egressAllowed(internal, "chat-service", Map.of("app.kubernetes.io/component", "janus", "app.kubernetes.io/name", "convene", "app.kubernetes.io/instance", "convene"), 8188));

        Rendered external = Chart.Variant.MULTI_NODE.render();
        Map<String, Object> auth = r(external, "auth-service");
        assertTrue(egressCidrs(auth, 5432).contains("10.20.0.0/24"), "auth -> external PostgreSQL CIDR");
        assertTrue(egressCidrs(auth, 6379).contains("10.20.1.0/24"), "auth -> external Redis CIDR");
        assertTrue(egressCidrs(auth, 587).contains("198.51.100.25/32"), "auth -> SMTP");
        assertTrue(egressCidrs(r(external, "signaling-service"), 8188).contains("10.10.0.0/16"), "signaling -> Janus nodes");
        assertEquals(List.of(), egressCidrs(r(external, "web-ui"), 5432), "web-ui -> nothing but DNS");
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void everyPodMayResolveNamesThroughClusterDns(Chart.Variant variant) {
        Rendered r = variant.render();
        r.ofKind("NetworkPolicy").filter(p -> List.of("web-ui", "auth-service", "room-service", "signaling-service", "chat-service")
                .contains(Yaml.map(p, "spec.podSelector.matchLabels").get("app.kubernetes.io/component"))).forEach(p -> {
            boolean dns = Yaml.list(p, "spec.egress").stream().anyMatch(rule ->
                    Yaml.list(rule, "ports").stream().anyMatch(port -> Integer.valueOf(53).equals(port.get("port")) && "UDP".equals(port.get("protocol"))));
            assertTrue(dns, Rendered.id(p) + ": DNS egress");
        });
    }

    // ---- a tiny NetworkPolicy evaluator -------------------------------------------------------

    private static Map<String, Object> labels(String component) {
        return Map.of("app.kubernetes.io/name", "convene", "app.kubernetes.io/instance", "convene", "app.kubernetes.io/component", component);
    }

    private static Map<String, Object> r(Rendered r, String component) {
        return r.one("NetworkPolicy", "convene-" + component);
    }

    private static List<Map<String, Object>> policiesFor(Rendered r, Map<String, Object> podLabels) {
        return r.ofKind("NetworkPolicy").filter(p -> podLabels.entrySet().containsAll(Yaml.map(p, "spec.podSelector.matchLabels").entrySet())).toList();
    }

    private static boolean portMatches(Map<String, Object> rule, int port) {
        List<Map<String, Object>> ports = Yaml.list(rule, "ports");
        return ports.isEmpty() || ports.stream().anyMatch(p -> Integer.valueOf(port).equals(p.get("port")));
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return labels != null && labels.entrySet().containsAll(Yaml.map(selector, "matchLabels").entrySet());
    }

    /** Peer matches a pod of the release namespace (fromComponent) or of another namespace (ns + pod labels). */
    private static boolean peerMatches(Map<String, Object> peer, String component, Map<String, Object> ns, Map<String, Object> pod) {
        if (peer.containsKey("ipBlock")) {
            return false;
        }
        if (component != null) {
            return !peer.containsKey("namespaceSelector") && peer.containsKey("podSelector") && selects(Yaml.map(peer, "podSelector"), labels(component));
        }
        return peer.containsKey("namespaceSelector") && selects(Yaml.map(peer, "namespaceSelector"), ns)
                && (!peer.containsKey("podSelector") || selects(Yaml.map(peer, "podSelector"), pod));
    }

    static boolean ingressAllowed(Rendered r, String fromComponent, Map<String, Object> ns, Map<String, Object> pod, String to, int port) {
        List<Map<String, Object>> policies = policiesFor(r, labels(to)).stream()
                .filter(p -> Yaml.list(p, "spec.policyTypes").toString().contains("Ingress")).toList();
        if (policies.isEmpty()) {
            return true;
        }
        return policies.stream().flatMap(p -> Yaml.list(p, "spec.ingress").stream())
                .anyMatch(rule -> portMatches(rule, port) && Yaml.list(rule, "from").stream().anyMatch(peer -> peerMatches(peer, fromComponent, ns, pod)));
    }

    static boolean egressAllowed(Rendered r, String from, Map<String, Object> toLabels, int port) {
        List<Map<String, Object>> policies = policiesFor(r, labels(from)).stream()
                .filter(p -> Yaml.list(p, "spec.policyTypes").toString().contains("Egress")).toList();
        if (policies.isEmpty()) {
            return true;
        }
        return policies.stream().flatMap(p -> Yaml.list(p, "spec.egress").stream())
                .anyMatch(rule -> portMatches(rule, port) && Yaml.list(rule, "to").stream()
                        .anyMatch(peer -> !peer.containsKey("namespaceSelector") && peer.containsKey("podSelector") && selects(Yaml.map(peer, "podSelector"), toLabels)));
    }

    static boolean flow(Rendered r, String from, String to, int port) {
        return egressAllowed(r, from, labels(to), port) && ingressAllowed(r, from, null, null, to, port);
    }

    private static List<String> egressCidrs(Map<String, Object> policy, int port) {
        return Yaml.list(policy, "spec.egress").stream().filter(rule -> Yaml.list(rule, "ports").stream().anyMatch(p -> Integer.valueOf(port).equals(p.get("port"))))
                .flatMap(rule -> Yaml.list(rule, "to").stream()).map(peer -> Yaml.str(peer, "ipBlock.cidr")).filter(c -> c != null).toList();
    }
}
