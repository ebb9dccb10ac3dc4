package dev.convene.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** No secret value is ever inlined: Secrets are referenced (secretKeyRef, secret volumes). */
class SecretHygieneTest {

    /** Env names that carry a secret (a *_LOCATION / *_FILE(S) / *_URL(S) names where it is, not what it is). */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|ADMIN_KEY|CREDENTIAL|AUTH)$");
    /** Values that look like key material or a generated secret. */
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "(?s).*(-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----|\\b[A-Za-z0-9+/]{32,}={0,2}\\b|\\b[0-9a-f]{32,}\\b|://[^/@\\s]+:[^/@\\s]+@).*");

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void theCommittedRendersContainNoSecretObject(Chart.Variant variant) {
        assertEquals(List.of(), variant.render().all("Secret").stream().map(Rendered::id).toList(),
                "the chart creates no Secret unless createSecrets is given");
    }

    static List<Object[]> renders() {
        return KubernetesSchemaTest.renders();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void secretEnvironmentVariablesComeFromSecretsAndNoValueLooksLikeASecret(String name, Rendered rendered) {
        List<String> problems = new ArrayList<>();
        rendered.workloads().forEach(w -> Yaml.containers(w).forEach(c -> {
            for (Map<String, Object> env : Yaml.list(c, "env")) {
                String id = Rendered.id(w) + "/" + c.get("name") + " env " + env.get("name");
                if (env.containsKey("value")) {
                    if (SECRET_NAME.matcher(String.valueOf(env.get("name"))).matches()) {
                        problems.add(id + ": a secret given as a value (use valueFrom.secretKeyRef)");
                    }
                    if (SECRET_VALUE.matcher(String.valueOf(env.get("value"))).matches()) {
                        problems.add(id + ": value looks like a secret");
                    }
                } else if (SECRET_NAME.matcher(String.valueOf(env.get("name"))).matches()) {
                    if (Yaml.get(env, "valueFrom.secretKeyRef.name") == null) {
                        problems.add(id + ": not from a Secret");
                    }
                }
            }
        }));
        rendered.ofKind("ConfigMap").forEach(cm -> Yaml.map(cm, "data").forEach((k, v) -> {
            String id = Rendered.id(cm) + " " + k;
            if (SECRET_NAME.matcher(k).matches()) {
                problems.add(id + ": a secret setting in a ConfigMap");
            }
            String value = String.valueOf(v);
            if (value.contains("-----BEGIN") || Pattern.compile("(?m)^\\s*(static-auth-secret|api_secret|admin_key|admin_secret|requirepass)\\s*=\\s*\"?[^\"@\\s]").matcher(value).find()) {
                problems.add(id + ": secret material in a ConfigMap");
            }
        }));
        if (!problems.isEmpty()) {
            fail(name + ":\n  " + String.join("\n  ", problems));
        }
    }

    @Test
    void theSecretsAreReferencedByTheNamesInValues() {
        Rendered r = Chart.Variant.DEFAULT.render();
        assertEquals("convene-db", secretRef(r, "convene-auth-service", "QUARKUS_DATASOURCE_PASSWORD"));
        assertEquals("convene-db", secretRef(r, "convene-room-service", "QUARKUS_DATASOURCE_PASSWORD"));
        assertEquals("convene-db", secretRef(r, "convene-chat-service", "QUARKUS_DATASOURCE_PASSWORD"));
        assertEquals("convene-turn", secretRef(r, "convene-signaling-service", "CONVENE_TURN_SECRET"));
        assertEquals("convene-janus", secretRef(r, "convene-signaling-service", "CONVENE_JANUS_API_SECRET"));
        assertEquals("convene-janus", secretRef(r, "convene-signaling-service", "CONVENE_JANUS_ADMIN_KEY"));
        Rendered multi = Chart.Variant.MULTI_NODE.render();
        assertEquals("convene-redis", secretRef(multi, "convene-signaling-service", "QUARKUS_REDIS_PASSWORD"));
        assertEquals("convene-smtp", secretRef(multi, "convene-auth-service", "QUARKUS_MAILER_PASSWORD"));
        assertEquals("convene-bootstrap-admin", secretRef(multi, "convene-auth-service", "CONVENE_ADMIN_BOOTSTRAP_PASSWORD"));
    }

    @Test
    void aSecretIsCreatedOnlyFromValuesGivenExplicitly() {
        List<Map<String, Object>> secrets = AllFeatures.render().all("Secret");
        assertEquals(1, secrets.size());
        assertEquals("convene-test-only", Yaml.str(secrets.get(0), "metadata.name"));
        assertEquals(Map.of("some-key", "not-a-real-secret"), Yaml.map(secrets.get(0), "stringData"));
    }

    @Test
    void theValuesFileHoldsNoSecret() {
        String values = Chart.read(Chart.CHART.resolve("values.yaml"));
        assertFalse(values.contains("-----BEGIN"));
        for (String line : values.split("\n")) {
            String l = line.strip();
            if (l.startsWith("#") || !l.contains(":")) {
                continue;
            }
            String key = l.substring(0, l.indexOf(':')).toLowerCase();
            String value = l.substring(l.indexOf(':') + 1).strip();
            if (key.matches(".*(password|secretvalue|apisecret|adminkey|token)$")) {
                assertTrue(value.isEmpty() || value.equals("\"\""), "values.yaml: " + l);
            }
            assertFalse(SECRET_VALUE.matcher(value).matches(), "values.yaml: " + l);
        }
        assertNotNull(values);
    }

    private static String secretRef(Rendered r, String deployment, String env) {
        Map<String, Object> container = Yaml.list(Yaml.podSpec(r.one("Deployment", deployment)), "containers").get(0);
        return Yaml.list(container, "env").stream().filter(e -> env.equals(e.get("name")))
                .map(e -> Yaml.str(e, "valueFrom.secretKeyRef.name")).findFirst().orElse(null);
    }
}
