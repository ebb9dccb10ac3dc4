package dev.convene.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart and the services agree on configuration: every environment variable a service's
 * application.properties reads in prod is set by the chart, and every CONVENE_* variable the
 * chart sets is one the service reads (a ${VAR} reference, or the environment form of one of
 * its configuration keys). When a service adds or renames a variable this test names it.
 */
class ServiceContractTest {

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    private static final Pattern MAPPING_PREFIX = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MAPPING_METHOD = Pattern.compile("(?m)^\\s+[\\w<>, ?]+\\s+(\\w+)\\(\\);");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"");

    /** Set by the chart for a service that does not read them yet (listed in docs/DEPLOY.md). */
    private static final Map<String, Set<String>> ASSUMED = Map.of();

    @ParameterizedTest
    @ValueSource(strings = {"web-ui", "auth-service", "room-service", "signaling-service", "chat-service"})
    void theChartSetsWhatTheServiceReadsAndTheServiceReadsWhatTheChartSets(String service) {
        Path module = Chart.ROOT.resolve(service);
        List<String> properties = lines(module.resolve("src/main/resources/application.properties"));
        Set<String> provided = providedEnv(AllFeatures.render(), service);

        List<String> problems = new ArrayList<>();
        Set<String> read = new HashSet<>();
        for (String line : properties) {
            String l = line.strip();
            if (l.startsWith("#") || !l.contains("=")) {
                continue;
            }
            String key = l.substring(0, l.indexOf('='));
            read.add(envForm(key.replaceFirst("^%[a-z]+\\.", "")));
            Matcher m = ENV_REF.matcher(l.substring(l.indexOf('=') + 1));
            while (m.find()) {
                read.add(m.group(1));
                boolean devOnly = key.startsWith("%dev.") || key.startsWith("%test.") || key.startsWith("%local.");
                if (!devOnly && m.group(1).startsWith("CONVENE_") && !provided.contains(m.group(1))) {
                    problems.add(m.group(1) + " (read by " + key + ") is not set by the chart");
                }
            }
        }
        read.addAll(javaConfigKeys(module.resolve("src/main/java")));
        read.addAll(ASSUMED.getOrDefault(service, Set.of()));
        for (String env : new TreeSet<>(provided)) {
            if (env.startsWith("CONVENE_") && !read.contains(env)) {
                problems.add(env + " is set by the chart but " + service + " reads no such setting");
            }
        }
        if (!problems.isEmpty()) {
            fail(service + ": chart and application.properties disagree (align k8s/charts/convene/templates/apps.yaml):\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** Names of the environment variables of the service's container (ConfigMap + env). */
    static Set<String> providedEnv(Rendered r, String service) {
        Set<String> names = new TreeSet<>(Yaml.map(r.one("ConfigMap", "convene-" + service), "data").keySet());
        Map<String, Object> container = Yaml.list(Yaml.podSpec(r.one("Deployment", "convene-" + service)), "containers").get(0);
        Yaml.list(container, "env").forEach(e -> names.add(String.valueOf(e.get("name"))));
        return names;
    }

    /** SmallRye Config's environment form of a property name. */
    static String envForm(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /** Keys of @ConfigMapping interfaces (prefix + kebab-case methods) and @ConfigProperty names. */
    private static Set<String> javaConfigKeys(Path sources) {
        Set<String> keys = new HashSet<>();
        if (!Files.isDirectory(sources)) {
            return keys;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                Matcher cp = CONFIG_PROPERTY.matcher(src);
                while (cp.find()) {
                    keys.add(envForm(cp.group(1)));
                }
                Matcher prefix = MAPPING_PREFIX.matcher(src);
                if (prefix.find()) {
                    Matcher method = MAPPING_METHOD.matcher(src.substring(prefix.end()));
                    while (method.find()) {
                        String kebab = method.group(1).replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
                        keys.add(envForm(prefix.group(1) + "." + kebab));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
