package dev.convene.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * k8s/rendered/ holds the chart rendered with the default and the example values, for people
 * who do not use Helm. They are generated, never edited: this test fails when they drift from
 * the chart, and rewrites them with -Dk8s.regenerate=true (k8s/render.sh).
 */
class RenderedManifestsTest {

    static String header(Chart.Variant variant) {
        return "# GENERATED from k8s/charts/convene" + (variant.valuesFile == null ? " (default values)" : " with k8s/" + variant.valuesFile)
                + ": do not edit.\n"
                + "# helm template " + Chart.RELEASE + " k8s/charts/convene --namespace " + Chart.NAMESPACE + " --kube-version " + Chart.KUBE_VERSION
                + (variant.valuesFile == null ? "" : " -f k8s/" + variant.valuesFile) + "\n"
                + "# Regenerate: " + Chart.REGENERATE_COMMAND + "\n";
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void committedManifestsMatchTheChart(Chart.Variant variant) throws IOException {
        String expected = header(variant) + variant.render().text;
        Path file = Chart.RENDERED.resolve(variant.renderedFile);
        if (Boolean.getBoolean("k8s.regenerate")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, expected);
            return;
        }
        if (!Files.exists(file)) {
            fail("k8s/rendered/" + variant.renderedFile + " is missing: run " + Chart.REGENERATE_COMMAND);
        }
        String actual = Files.readString(file);
        if (!actual.equals(expected)) {
            fail("k8s/rendered/" + variant.renderedFile + " does not match the chart (first difference at line "
                    + firstDifferentLine(actual, expected) + "): run " + Chart.REGENERATE_COMMAND + " and commit the result");
        }
    }

    private static int firstDifferentLine(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) {
                return i + 1;
            }
        }
        return Math.min(x.length, y.length) + 1;
    }
}
