package dev.convene.k8s;

import java.util.List;
import java.util.Map;

/** Navigation in parsed YAML: dotted paths through maps. */
final class Yaml {

    private Yaml() {
    }

    static Object get(Object node, String path) {
        Object cur = node;
        for (String part : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> map)) {
                return null;
            }
            cur = map.get(part);
        }
        return cur;
    }

    static String str(Object node, String path) {
        Object v = get(node, path);
        return v == null ? null : String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String path) {
        Object v = get(node, path);
        return v instanceof Map<?, ?> ? (Map<String, Object>) v : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object node, String path) {
        Object v = get(node, path);
        return v instanceof List<?> ? (List<Map<String, Object>>) v : List.of();
    }

    /** The pod spec of a Deployment, StatefulSet or DaemonSet. */
    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(workload, "spec.template.spec");
    }

    /** Containers and init containers of a workload. */
    static List<Map<String, Object>> containers(Map<String, Object> workload) {
        var pod = podSpec(workload);
        return java.util.stream.Stream.concat(list(pod, "initContainers").stream(), list(pod, "containers").stream()).toList();
    }
}
