package dev.convene.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Ingress gives the browser one origin (DESIGN.md, "Public surface"). */
class IngressTest {

    static final Map<String, String> ROUTES = new LinkedHashMap<>();
    static {
        ROUTES.put("/api/auth", "convene-auth-service");
        ROUTES.put("/api/admin/users", "convene-auth-service");
        ROUTES.put("/api/rooms", "convene-room-service");
        ROUTES.put("/api/admin/rooms", "convene-room-service");
        ROUTES.put("/api/chat", "convene-chat-service");
        ROUTES.put("/api/admin/chat", "convene-chat-service");
        ROUTES.put("/ws", "convene-signaling-service");
        ROUTES.put("/", "convene-web-ui");
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void everyPathOfTheOneOriginRoutesToItsService(Chart.Variant variant) {
        Rendered r = variant.render();
        Map<String, Object> ingress = r.one("Ingress", "convene");
        List<Map<String, Object>> rules = Yaml.list(ingress, "spec.rules");
        assertEquals(1, rules.size(), "one host");
        Map<String, String> actual = new LinkedHashMap<>();
        for (Map<String, Object> p : Yaml.list(rules.get(0), "http.paths")) {
            assertEquals("Prefix", p.get("pathType"), p.get("path") + ": pathType");
            String service = Yaml.str(p, "backend.service.name");
            actual.put(String.valueOf(p.get("path")), service);
            // the backend port exists on that Service
            String port = Yaml.str(p, "backend.service.port.name");
            Map<String, Object> svc = r.one("Service", service);
            assertTrue(Yaml.list(svc, "spec.ports").stream().anyMatch(sp -> port.equals(sp.get("name"))), service + " has port " + port);
        }
        assertEquals(ROUTES, actual);
        assertEquals("nginx", Yaml.str(ingress, "spec.ingressClassName"));
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void webSocketsGetLongTimeoutsAndUploadsTheirBodySize(Chart.Variant variant) {
        Map<String, Object> annotations = Yaml.map(variant.render().one("Ingress", "convene"), "metadata.annotations");
        assertEquals("3600", annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout"));
        assertEquals("3600", annotations.get("nginx.ingress.kubernetes.io/proxy-send-timeout"));
        assertEquals("1.1", annotations.get("nginx.ingress.kubernetes.io/proxy-http-version"));
        assertEquals("30m", annotations.get("nginx.ingress.kubernetes.io/proxy-body-size"));
        assertEquals("off", annotations.get("nginx.ingress.kubernetes.io/proxy-request-buffering"));
    }

    @Test
    void tlsFromAnExistingSecretOrCertManager() {
        Map<String, Object> plain = Chart.Variant.DEFAULT.render().one("Ingress", "convene");
        assertEquals("convene-tls", Yaml.str(Yaml.list(plain, "spec.tls").get(0), "secretName"));
        assertEquals(List.of("convene.example.com"), Yaml.get(Yaml.list(plain, "spec.tls").get(0), "hosts"));
        assertFalse(Yaml.map(plain, "metadata.annotations").containsKey("cert-manager.io/cluster-issuer"));
        assertEquals("true", Yaml.map(plain, "metadata.annotations").get("nginx.ingress.kubernetes.io/ssl-redirect"));

        Map<String, Object> issued = Chart.Variant.SINGLE_NODE.render().one("Ingress", "convene");
        assertEquals("letsencrypt-prod", Yaml.map(issued, "metadata.annotations").get("cert-manager.io/cluster-issuer"));
        assertNotNull(Yaml.get(Yaml.list(issued, "spec.tls").get(0), "secretName"));
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void quarkusEndpointsAreRefusedAtTheEdge(Chart.Variant variant) {
        Rendered r = variant.render();
        assertEquals(2, r.all("Ingress").size(), "the one origin + the /q block");
        Map<String, Object> block = r.one("Ingress", "convene-block-q");
        Map<String, Object> path = Yaml.list(Yaml.list(block, "spec.rules").get(0), "http.paths").get(0);
        assertEquals("/q", path.get("path"));
        assertEquals("0.0.0.0/0,::/0", Yaml.map(block, "metadata.annotations").get("nginx.ingress.kubernetes.io/denylist-source-range"));
        assertEquals(Yaml.list(r.one("Ingress", "convene"), "spec.rules").get(0).get("host"), Yaml.list(block, "spec.rules").get(0).get("host"), "same host");
        assertEquals(List.of(), Chart.render(List.of(), Map.of("ingress.blockQuarkusEndpoints", false)).ofKind("Ingress")
                .filter(i -> "convene-block-q".equals(Yaml.str(i, "metadata.name"))).toList());
    }

    @Test
    void theAllowedWebSocketOriginIsThePublicOrigin() {
        Map<String, Object> config = Yaml.map(Chart.Variant.MULTI_NODE.render().one("ConfigMap", "convene-signaling-service"), "data");
        assertEquals("https://meet.example.com", config.get("CONVENE_ALLOWED_ORIGINS"));
        Map<String, Object> extra = Yaml.map(AllFeatures.render().one("ConfigMap", "convene-signaling-service"), "data");
        assertEquals("https://convene.example.com,https://other.example.com", extra.get("CONVENE_ALLOWED_ORIGINS"));
    }
}
