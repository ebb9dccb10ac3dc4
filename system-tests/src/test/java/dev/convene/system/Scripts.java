package dev.convene.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's own scripts (the same ones ./convene uses) with a time limit. */
final class Scripts {

    static final Path ROOT = Path.of(System.getProperty("convene.root", "..")).toAbsolutePath().normalize();

    private Scripts() {
    }

    /**
     * Where the scripts' output goes: a file, not the test JVM's stdout (Surefire owns that
     * stream to talk to Maven). Failures quote its tail.
     */
    static final Path LOG = ROOT.resolve("system-tests/target/suite-scripts.log");

    /** Runs {@code command} from the repository root, output appended to {@link #LOG}. Returns the exit code. */
    static int run(long timeoutSeconds, Map<String, String> env, String... command) throws IOException, InterruptedException {
        Files.createDirectories(LOG.getParent());
        Files.writeString(LOG, "\n$ " + String.join(" ", command) + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s:\n" + logTail());
        }
        return process.exitValue();
    }

    /** What a command printed and how it ended. */
    record Result(int exitCode, boolean timedOut, String output) {
    }

    /**
     * Runs {@code command} from the repository root with its own output file {@code output}
     * (overwritten; stdout and stderr together), killing it and its descendants after
     * {@code timeoutSeconds}. Returns the exit code and the whole output; never throws for a
     * failing or hanging command, so the caller can fail with the command's own story.
     */
    static Result runCapturing(long timeoutSeconds, Map<String, String> env, Path output, List<String> command)
            throws IOException, InterruptedException {
        Files.createDirectories(output.getParent());
        Files.writeString(LOG, "\n$ " + String.join(" ", command) + "   (output: " + output + ")\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        String text = Files.readString(output);
        return new Result(finished ? process.exitValue() : -1, !finished, text);
    }

    static void runOrFail(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        int exit = run(timeoutSeconds, Map.of(), command);
        if (exit != 0) {
            throw new AssertionError(String.join(" ", command) + " failed with exit code " + exit + ":\n" + logTail());
        }
    }

    /** The last lines the scripts wrote, for failure messages. */
    static String logTail() {
        try {
            List<String> lines = Files.readAllLines(LOG);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log at " + LOG + ")";
        }
    }

    /** The suite tests create network namespaces: without root they cannot run at all. */
    static void requireRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes()).trim();
        id.waitFor();
        if (!"0".equals(uid)) {
            throw new AssertionError("The suite tests need root (network namespaces): run ./convene test as root");
        }
    }

    static Path artifactsDir() throws IOException {
        return Files.createDirectories(ROOT.resolve("artifacts"));
    }

    static List<String> e2eExec(String... command) {
        List<String> full = new ArrayList<>(List.of("scripts/e2e-env.sh", "exec", "--"));
        full.addAll(List.of(command));
        return full;
    }
}
