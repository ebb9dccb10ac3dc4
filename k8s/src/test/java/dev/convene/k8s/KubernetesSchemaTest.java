package dev.convene.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rendered object is a valid object of the Kubernetes API. */
class KubernetesSchemaTest {

    private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?");

    static List<Object[]> renders() {
        List<Object[]> all = new ArrayList<>();
        for (Chart.Variant v : Chart.Variant.values()) {
            all.add(new Object[] {v.name(), v.render()});
        }
        all.add(new Object[] {"all-features", AllFeatures.render()});
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyObjectDeserialisesStrictlyIntoTheKubernetesModel(String name, Rendered rendered) {
        assertFalse(rendered.objects.isEmpty(), "nothing rendered");
        List<String> errors = new ArrayList<>();
        for (Map<String, Object> o : rendered.objects) {
            try {
                HasMetadata typed = KubernetesModel.toTyped(o);
                assertEquals(Chart.NAMESPACE, typed.getMetadata().getNamespace(), Rendered.id(o) + " namespace");
            } catch (RuntimeException | AssertionError e) {
                errors.add(Rendered.id(o) + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            fail(name + ": objects that are not valid Kubernetes objects:\n  " + String.join("\n  ", errors));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void namesLabelsAndPortNamesFollowKubernetesRules(String name, Rendered rendered) {
        Set<String> ids = new HashSet<>();
        for (Map<String, Object> o : rendered.objects) {
            String objectName = Yaml.str(o, "metadata.name");
            assertTrue(objectName != null && DNS_1123_SUBDOMAIN.matcher(objectName).matches(), Rendered.id(o) + ": bad name");
            if (List.of("Service", "StatefulSet").contains(o.get("kind"))) {
                assertTrue(DNS_1123_LABEL.matcher(objectName).matches(), Rendered.id(o) + ": must be a DNS label");
            }
            assertTrue(ids.add(Rendered.id(o)), "duplicate object " + Rendered.id(o));
            Yaml.map(o, "metadata.labels").forEach((k, v) ->
                    assertTrue(LABEL_VALUE.matcher(String.valueOf(v)).matches(), Rendered.id(o) + ": label " + k + "=" + v));
        }
        rendered.workloads().forEach(w -> Yaml.containers(w).forEach(c -> {
            assertTrue(DNS_1123_LABEL.matcher(String.valueOf(c.get("name"))).matches(), Rendered.id(w) + ": container name");
            Yaml.list(c, "ports").forEach(p -> {
                if (p.get("name") != null) {
                    assertTrue(PORT_NAME.matcher(String.valueOf(p.get("name"))).matches(), Rendered.id(w) + ": port name " + p.get("name"));
                }
            });
        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void selectorsMatchTheirPodsAndServicesFindTheirPods(String name, Rendered rendered) {
        rendered.workloads().forEach(w -> {
            Map<String, Object> selector = Yaml.map(w, "spec.selector.matchLabels");
            Map<String, Object> labels = Yaml.map(w, "spec.template.metadata.labels");
            assertFalse(selector.isEmpty(), Rendered.id(w) + ": no selector");
            selector.forEach((k, v) -> assertEquals(v, labels.get(k), Rendered.id(w) + ": selector does not match its pods"));
        });
        rendered.ofKind("Service").forEach(s -> {
            Map<String, Object> selector = Yaml.map(s, "spec.selector");
            boolean found = rendered.workloads().anyMatch(w -> Yaml.map(w, "spec.template.metadata.labels").entrySet().containsAll(selector.entrySet()));
            assertTrue(found, Rendered.id(s) + ": selects no pods");
            // named target ports exist on the selected pods
            Yaml.list(s, "spec.ports").forEach(p -> {
                Object target = p.get("targetPort");
                if (target instanceof String portName) {
                    boolean named = rendered.workloads()
                            .filter(w -> Yaml.map(w, "spec.template.metadata.labels").entrySet().containsAll(selector.entrySet()))
                            .flatMap(w -> Yaml.containers(w).stream())
                            .flatMap(c -> Yaml.list(c, "ports").stream())
                            .anyMatch(cp -> portName.equals(cp.get("name")));
                    assertTrue(named, Rendered.id(s) + ": targetPort " + portName + " is no container port");
                }
            });
        });
    }

    /** Fields whose values the API server checks against a fixed set (the model types them as strings). */
    private static final Map<String, Set<String>> ENUMS = Map.of(
            "protocol", Set.of("TCP", "UDP", "SCTP"),
            "imagePullPolicy", Set.of("Always", "IfNotPresent", "Never"),
            "pathType", Set.of("Exact", "Prefix", "ImplementationSpecific"),
            "dnsPolicy", Set.of("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"),
            "effect", Set.of("NoSchedule", "PreferNoSchedule", "NoExecute"),
            "whenUnsatisfiable", Set.of("DoNotSchedule", "ScheduleAnyway"),
            "operator", Set.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Equal"),
            "podManagementPolicy", Set.of("OrderedReady", "Parallel"),
            "policyTypes", Set.of("Ingress", "Egress"));

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void enumeratedFieldsAndQuantitiesHaveLegalValues(String name, Rendered rendered) {
        List<String> errors = new ArrayList<>();
        for (Map<String, Object> o : rendered.objects) {
            walk(o, (key, value) -> {
                Set<String> legal = ENUMS.get(key);
                if (legal != null) {
                    List<?> values = value instanceof List<?> l ? l : List.of(value);
                    values.forEach(v -> {
                        if (!legal.contains(String.valueOf(v))) {
                            errors.add(Rendered.id(o) + ": " + key + "=" + v);
                        }
                    });
                }
            });
        }
        rendered.workloads().forEach(w -> Yaml.containers(w).forEach(c -> {
            for (String kind : List.of("requests", "limits")) {
                Yaml.map(c, "resources." + kind).forEach((res, q) -> {
                    try {
                        io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(new io.fabric8.kubernetes.api.model.Quantity(String.valueOf(q)));
                    } catch (RuntimeException e) {
                        errors.add(Rendered.id(w) + ": resources." + kind + "." + res + "=" + q);
                    }
                });
            }
        }));
        if (!errors.isEmpty()) {
            fail(name + ":\n  " + String.join("\n  ", errors));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void referencesBetweenObjectsResolve(String name, Rendered rendered) {
        Set<String> configMaps = new HashSet<>();
        rendered.ofKind("ConfigMap").forEach(cm -> configMaps.add(Yaml.str(cm, "metadata.name")));
        Set<String> services = new HashSet<>();
        rendered.ofKind("Service").forEach(svc -> services.add(Yaml.str(svc, "metadata.name")));
        rendered.workloads().forEach(w -> {
            Map<String, Object> pod = Yaml.podSpec(w);
            Set<String> volumes = new HashSet<>();
            Yaml.list(w, "spec.volumeClaimTemplates").forEach(t -> volumes.add(Yaml.str(t, "metadata.name")));
            for (Map<String, Object> v : Yaml.list(pod, "volumes")) {
                volumes.add(String.valueOf(v.get("name")));
                String cm = Yaml.str(v, "configMap.name");
                assertTrue(cm == null || configMaps.contains(cm), Rendered.id(w) + ": volume from missing ConfigMap " + cm);
            }
            for (Map<String, Object> c : Yaml.containers(w)) {
                Set<String> env = new HashSet<>();
                for (Map<String, Object> e : Yaml.list(c, "env")) {
                    assertTrue(env.add(String.valueOf(e.get("name"))), Rendered.id(w) + ": env " + e.get("name") + " twice");
                    assertTrue(String.valueOf(e.get("name")).matches("[A-Za-z_][A-Za-z0-9_]*"), Rendered.id(w) + ": env name " + e.get("name"));
                }
                for (Map<String, Object> m : Yaml.list(c, "volumeMounts")) {
                    assertTrue(volumes.contains(String.valueOf(m.get("name"))), Rendered.id(w) + ": mount of unknown volume " + m.get("name"));
                }
                for (Map<String, Object> from : Yaml.list(c, "envFrom")) {
                    String cm = Yaml.str(from, "configMapRef.name");
                    assertTrue(cm == null || configMaps.contains(cm), Rendered.id(w) + ": envFrom missing ConfigMap " + cm);
                }
            }
            if ("StatefulSet".equals(w.get("kind"))) {
                assertTrue(services.contains(Yaml.str(w, "spec.serviceName")), Rendered.id(w) + ": serviceName has no Service");
            }
        });
        rendered.ofKind("HorizontalPodAutoscaler").forEach(h ->
                assertTrue(rendered.has("Deployment", Yaml.str(h, "spec.scaleTargetRef.name")), Rendered.id(h) + ": target"));
        rendered.ofKind("Ingress").forEach(i -> Yaml.list(i, "spec.rules").forEach(rule -> Yaml.list(rule, "http.paths").forEach(p ->
                assertTrue(services.contains(Yaml.str(p, "backend.service.name")), Rendered.id(i) + ": backend " + Yaml.str(p, "backend.service.name")))));
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object node, java.util.function.BiConsumer<String, Object> visitor) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                visitor.accept(String.valueOf(k), v);
                walk(v, visitor);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> walk(item, visitor));
        }
    }

    @Test
    void theStrictModelRejectsUnknownAndMistypedFields() {
        Map<String, Object> good = Chart.Variant.DEFAULT.render().one("Deployment", "convene-web-ui");
        Deployment typed = (Deployment) KubernetesModel.toTyped(good);
        assertEquals("web-ui", typed.getSpec().getTemplate().getSpec().getContainers().get(0).getName());

        Map<String, Object> misspelt = copyWith(good, "livenesProbe");
        assertThrows(IllegalArgumentException.class, () -> KubernetesModel.toTyped(misspelt));
        Map<String, Object> wrongVersion = new java.util.LinkedHashMap<>(good);
        wrongVersion.put("apiVersion", "extensions/v1beta1");
        assertThrows(IllegalArgumentException.class, () -> KubernetesModel.toTyped(wrongVersion));
        Map<String, Object> wrongType = new java.util.LinkedHashMap<>(good);
        wrongType.put("spec", Map.of("replicas", Map.of("a", 1)));
        assertThrows(IllegalArgumentException.class, () -> KubernetesModel.toTyped(wrongType));
    }

    /** A deep copy of a Deployment whose first container carries an unknown field. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> copyWith(Map<String, Object> deployment, String field) {
        Map<String, Object> copy = KubernetesModel.STRICT.convertValue(deployment, Map.class);
        List<Map<String, Object>> containers = Yaml.list(copy, "spec.template.spec.containers");
        containers.get(0).put(field, Map.of("httpGet", Map.of("path", "/", "port", 8080)));
        return copy;
    }
}
