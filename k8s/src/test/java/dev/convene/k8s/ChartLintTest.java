package dev.convene.k8s;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * helm lint --strict for the default and the example values. helm-java's lint takes no values
 * file, so for an example the chart is copied with the example coalesced into values.yaml
 * (maps merged, everything else replaced: what `helm lint -f example.yaml` does).
 */
class ChartLintTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void helmLintStrictPasses(Chart.Variant variant, @TempDir Path tmp) throws IOException {
        Path chart = Chart.CHART;
        if (variant.valuesFile != null) {
            chart = tmp.resolve("convene");
            copy(Chart.CHART, chart);
            @SuppressWarnings("unchecked")
            Map<String, Object> defaults = YAML.readValue(Chart.CHART.resolve("values.yaml").toFile(), Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> example = YAML.readValue(Chart.K8S_DIR.resolve(variant.valuesFile).toFile(), Map.class);
            YAML.writeValue(chart.resolve("values.yaml").toFile(), coalesce(defaults, example));
        }
        LintResult result = new Helm(chart).lint().strict().call();
        assertFalse(result.isFailed(), () -> variant + ": helm lint --strict: " + String.join("\n", result.getMessages()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> coalesce(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        overlay.forEach((k, v) -> {
            if (v == null) {
                out.remove(k);
            } else if (v instanceof Map<?, ?> m && out.get(k) instanceof Map<?, ?> b) {
                out.put(k, coalesce((Map<String, Object>) b, (Map<String, Object>) m));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
