package dev.convene.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Probes, resources, security context and images of every Deployment, StatefulSet and DaemonSet. */
class WorkloadTest {

    static final List<String> APPS = List.of("web-ui", "auth-service", "room-service", "signaling-service", "chat-service");

    static List<Object[]> renders() {
        return KubernetesSchemaTest.renders();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyContainerHasLivenessAndReadinessProbesAndResourceRequestsAndLimits(String name, Rendered rendered) {
        rendered.workloads().forEach(w -> Yaml.list(Yaml.podSpec(w), "containers").forEach(c -> {
            String id = Rendered.id(w) + "/" + c.get("name");
            assertNotNull(c.get("livenessProbe"), id + ": no livenessProbe");
            assertNotNull(c.get("readinessProbe"), id + ": no readinessProbe");
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertNotNull(Yaml.get(c, "resources." + kind + "." + resource), id + ": no resources." + kind + "." + resource);
                }
            }
        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyContainerRunsAsNonRootWithAReadOnlyRootFilesystemAndNoCapabilities(String name, Rendered rendered) {
        rendered.workloads().forEach(w -> {
            Map<String, Object> pod = Yaml.podSpec(w);
            assertEquals(Boolean.TRUE, Yaml.get(pod, "securityContext.runAsNonRoot"), Rendered.id(w) + ": pod runAsNonRoot");
            assertEquals("RuntimeDefault", Yaml.str(pod, "securityContext.seccompProfile.type"), Rendered.id(w) + ": seccomp");
            assertEquals(Boolean.FALSE, pod.get("automountServiceAccountToken"), Rendered.id(w) + ": service account token mounted");
            Yaml.containers(w).forEach(c -> {
                String id = Rendered.id(w) + "/" + c.get("name");
                assertEquals(Boolean.TRUE, Yaml.get(c, "securityContext.runAsNonRoot"), id + ": runAsNonRoot");
                assertEquals(Boolean.TRUE, Yaml.get(c, "securityContext.readOnlyRootFilesystem"), id + ": readOnlyRootFilesystem");
                assertEquals(Boolean.FALSE, Yaml.get(c, "securityContext.allowPrivilegeEscalation"), id + ": allowPrivilegeEscalation");
                assertEquals(List.of("ALL"), Yaml.get(c, "securityContext.capabilities.drop"), id + ": capabilities.drop");
                assertEquals(null, Yaml.get(c, "securityContext.capabilities.add"), id + ": capabilities.add");
                assertEquals(null, Yaml.get(c, "securityContext.privileged"), id + ": privileged");
            });
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void theFiveAppsAreQuarkusProdPodsListeningOnAllInterfacesWithHealthProbes(String name, Rendered rendered) {
        for (String app : APPS) {
            Map<String, Object> d = rendered.one("Deployment", "convene-" + app);
            Map<String, Object> c = Yaml.list(Yaml.podSpec(d), "containers").get(0);
            assertEquals("/q/health/live", Yaml.str(c, "livenessProbe.httpGet.path"), app);
            assertEquals("/q/health/ready", Yaml.str(c, "readinessProbe.httpGet.path"), app);
            assertEquals("/q/health/started", Yaml.str(c, "startupProbe.httpGet.path"), app);
            Map<String, Object> config = Yaml.map(rendered.one("ConfigMap", "convene-" + app), "data");
            assertEquals("prod", config.get("QUARKUS_PROFILE"), app);
            assertEquals("0.0.0.0", config.get("QUARKUS_HTTP_HOST"), app);
            assertEquals(String.valueOf(Yaml.get(c, "ports")).contains("containerPort=" + config.get("QUARKUS_HTTP_PORT")), true,
                    app + ": container port = QUARKUS_HTTP_PORT");
            assertEquals("convene-" + app, Yaml.str(Yaml.list(c, "envFrom").get(0), "configMapRef.name"), app + ": envFrom");
            assertFalse(String.valueOf(Yaml.get(d, "spec.template.metadata.annotations.checksum/config")).isBlank(), app + ": config checksum");
            // a writable /tmp on the read-only root filesystem
            assertTrue(Yaml.list(c, "volumeMounts").stream().anyMatch(m -> "/tmp".equals(m.get("mountPath"))), app + ": /tmp");
        }
    }

    @Test
    void imagesAreRegistryRepositoryAndTagFromValues() {
        Rendered defaults = Chart.Variant.DEFAULT.render();
        for (String app : APPS) {
            assertEquals("registry.example.com/convene/" + app + ":0.1.0", image(defaults, "Deployment", "convene-" + app));
        }
        assertEquals("registry.example.com/convene/janus:0.1.0", image(defaults, "StatefulSet", "convene-janus"));
        assertEquals("registry.example.com/convene/coturn:0.1.0", image(defaults, "DaemonSet", "convene-coturn"));

        Rendered custom = Chart.render(List.of(), Map.of("image.registry", "ghcr.io/acme", "image.tag", "1.2.3",
                "apps.chatService.image.repository", "acme/chat", "apps.chatService.image.tag", "1.2.4-jvm"));
        assertEquals("ghcr.io/acme/convene/web-ui:1.2.3", image(custom, "Deployment", "convene-web-ui"));
        assertEquals("ghcr.io/acme/acme/chat:1.2.4-jvm", image(custom, "Deployment", "convene-chat-service"));
    }

    @Test
    void authAndRoomServiceReadTheirSigningKeysFromMountedSecrets() {
        Rendered r = AllFeatures.render();
        Map<String, Object> auth = Yaml.map(r.one("ConfigMap", "convene-auth-service"), "data");
        assertEquals("/etc/convene/secrets/auth-jwt/private.pem", auth.get("CONVENE_AUTH_JWT_PRIVATE_KEY_LOCATION"));
        assertEquals("/etc/convene/secrets/auth-jwt/previous-1.pub.pem,/etc/convene/secrets/auth-jwt/previous-2.pub.pem",
                auth.get("CONVENE_AUTH_JWT_PREVIOUS_PUBLIC_KEY_LOCATIONS"));
        Map<String, Object> room = Yaml.map(r.one("ConfigMap", "convene-room-service"), "data");
        assertEquals("/etc/convene/secrets/room-jwt/private.pem", room.get("CONVENE_ROOM_JWT_PRIVATE_KEY_FILE"));
        assertEquals("/etc/convene/secrets/room-jwt/previous-1.pub.pem", room.get("CONVENE_ROOM_JWT_PREVIOUS_PUBLIC_KEY_FILES"));
        for (String[] s : List.of(new String[] {"auth-service", "convene-auth-jwt"}, new String[] {"room-service", "convene-room-jwt"})) {
            Map<String, Object> pod = Yaml.podSpec(r.one("Deployment", "convene-" + s[0]));
            assertTrue(Yaml.list(pod, "volumes").stream().anyMatch(v -> s[1].equals(Yaml.str(v, "secret.secretName"))), s[0] + " mounts " + s[1]);
        }
    }

    private static String image(Rendered r, String kind, String name) {
        return Yaml.str(Yaml.list(Yaml.podSpec(r.one(kind, name)), "containers").get(0), "image");
    }
}
