package dev.convene.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** One render of the chart: the text Helm produced and its objects (as plain maps). */
final class Rendered {

    final String text;
    final List<Map<String, Object>> objects;

    Rendered(String text) {
        this.text = text;
        this.objects = List.copyOf(Chart.parse(text));
    }

    Stream<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind")));
    }

    List<Map<String, Object>> all(String kind) {
        return ofKind(kind).toList();
    }

    /** The one object of this kind and name; fails when there is none or several. */
    Map<String, Object> one(String kind, String name) {
        List<Map<String, Object>> found = ofKind(kind).filter(o -> name.equals(Yaml.str(o, "metadata.name"))).toList();
        assertEquals(1, found.size(), () -> "expected exactly one " + kind + " named " + name + ", found " + found.size());
        return found.get(0);
    }

    boolean has(String kind, String name) {
        return ofKind(kind).anyMatch(o -> Objects.equals(name, Yaml.str(o, "metadata.name")));
    }

    /** Deployments, StatefulSets and DaemonSets. */
    Stream<Map<String, Object>> workloads() {
        return objects.stream().filter(o -> List.of("Deployment", "StatefulSet", "DaemonSet").contains(o.get("kind")));
    }

    static String id(Map<String, Object> o) {
        return o.get("kind") + "/" + Yaml.str(o, "metadata.name");
    }
}
