package dev.convene.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chart under test, rendered by Helm itself (helm-java embeds Helm as a native library: no
 * helm binary, no cluster, nothing downloaded). Renders are cached per JVM: one Helm run per
 * distinct input.
 */
final class Chart {

    static final String RELEASE = "convene";
    static final String NAMESPACE = "convene";
    /** Capabilities.KubeVersion of offline renders (the chart needs >= 1.25). */
    static final String KUBE_VERSION = "1.30.0";

    static final Path K8S_DIR = Path.of(System.getProperty("k8s.dir", ".")).toAbsolutePath().normalize();
    static final Path ROOT = K8S_DIR.getParent();
    static final Path CHART = K8S_DIR.resolve("charts/convene");
    static final Path RENDERED = K8S_DIR.resolve("rendered");
    static final String REGENERATE_COMMAND = "k8s/render.sh  (= ./mvnw -B -f k8s/pom.xml verify -Dk8s.regenerate=true)";

    /** The committed renders: default values and the two examples. */
    enum Variant {
        DEFAULT("convene.yaml", null),
        SINGLE_NODE("single-node.yaml", "examples/single-node.yaml"),
        MULTI_NODE("multi-node.yaml", "examples/multi-node.yaml");

        final String renderedFile;
        final String valuesFile;

        Variant(String renderedFile, String valuesFile) {
            this.renderedFile = renderedFile;
            this.valuesFile = valuesFile;
        }

        Rendered render() {
            return valuesFile == null ? Chart.render(List.of(), Map.of()) : Chart.render(List.of(K8S_DIR.resolve(valuesFile)), Map.of());
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    private Chart() {
    }

    /** Values files under src/test/resources/values/. */
    static Path testValues(String name) {
        return K8S_DIR.resolve("src/test/resources/values").resolve(name);
    }

    /** helm template with these values files (in order) and --set pairs. */
    static Rendered render(List<Path> valuesFiles, Map<String, Object> sets) {
        String key = valuesFiles + "|" + sets;
        return CACHE.computeIfAbsent(key, k -> new Rendered(helmTemplate(valuesFiles, sets)));
    }

    static String helmTemplate(List<Path> valuesFiles, Map<String, Object> sets) {
        TemplateCommand template = new Helm(CHART).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        valuesFiles.forEach(template::withValuesFile);
        sets.forEach(template::set);
        return template.call();
    }

    static LintResult lint() {
        return new Helm(CHART).lint().strict().call();
    }

    /** The YAML documents of a multi-document stream (empty documents dropped). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String yaml) {
        try (var parser = YAML.getFactory().createParser(yaml)) {
            List<Map<String, Object>> docs = new ArrayList<>();
            var it = YAML.readValues(parser, Map.class);
            while (it.hasNext()) {
                Map<String, Object> doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
