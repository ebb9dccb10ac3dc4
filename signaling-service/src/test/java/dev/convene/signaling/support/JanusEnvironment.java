package dev.convene.signaling.support;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real Janus for SFU tests: {@code scripts/janus-test-env.sh} starts {@value #COUNT} instances
 * in network namespace cvn-sfutest (Janus cannot serve media on loopback) from the repository's
 * own config templates and secrets. Started once per test JVM by the first class that uses
 * this extension, torn down (Janus killed by pid, veth and namespace deleted) when the whole
 * test plan ends — or by a shutdown hook if the JVM is stopped early. A machine-wide file lock
 * ({@value #LOCK_FILE}: the namespace is machine-wide too) makes concurrent test runs take
 * turns. Needs root (network namespaces).
 *
 * <p>Janus' session_timeout is lowered to {@value #SESSION_TIMEOUT_S} s so keepalive tests are
 * quick; clients in tests keep alive every second.
 */
public final class JanusEnvironment implements BeforeAllCallback {

    public static final int COUNT = 2;
    public static final int SESSION_TIMEOUT_S = 5;
    /** Where Chromium pages and peers run: inside the namespace. */
    public static final String NAMESPACE = "cvn-sfutest";
    static final String LOCK_FILE = "/run/lock/convene-janus-test.lock";

    private static final Object LOCK = new Object();
    private static Handle handle;

    /**
     * Set while some copy of this class runs the environment in this JVM. @QuarkusTest classes
     * load test classes in Quarkus' class loader, so there may be two copies of this class (and of
     * {@link #handle}); the second one attaches to the running environment instead of starting
     * it again (the file lock cannot be taken twice by one JVM).
     */
    private static final String JVM_WIDE_KEY = "convene.janus-test.running";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (startOrAttach()) {
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(JanusEnvironment.class, handle);
        }
    }

    /**
     * Starts the instances if they are not up yet, outside of a JUnit extension (a Quarkus test
     * resource needs them before the application boots); then the shutdown hook tears them down.
     */
    public static List<String> ensureUp() throws IOException, InterruptedException {
        startOrAttach();
        return urls();
    }

    /** True if this call started the instances (so its caller owns them); false if they were up. */
    private static boolean startOrAttach() throws IOException, InterruptedException {
        synchronized (LOCK) {
            if (handle != null) {
                return false;
            }
            synchronized (System.getProperties()) {
                if (System.getProperty(JVM_WIDE_KEY) != null) {
                    handle = Handle.attached();
                    return false;
                }
                handle = new Handle();
                handle.up();
                System.setProperty(JVM_WIDE_KEY, "true");
                return true;
            }
        }
    }

    /** The WebSocket API URLs of the instances (index 0 … COUNT-1). */
    public static List<String> urls() {
        return requireUp().urls;
    }

    public static String url(int index) {
        return urls().get(index);
    }

    /** Kills Janus #index at once (SIGKILL, as a crash) and waits until it is gone. */
    public static void kill(int index) throws IOException, InterruptedException {
        long pid = requireUp().pid(index);
        ProcessHandle process = ProcessHandle.of(pid).orElse(null);
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Handle.alive(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Starts Janus #index again (after {@link #kill}). */
    public static void restart(int index) throws IOException, InterruptedException {
        requireUp().script(60, "restart", String.valueOf(index));
    }

    /** The secrets of the generated configuration, which the instances were rendered with. */
    public static String apiSecret() {
        return RoomTokens.generatedConfig().getProperty("convene.janus.api-secret");
    }

    public static String adminKey() {
        return RoomTokens.generatedConfig().getProperty("convene.janus.admin-key");
    }

    /** A command line that runs {@code command} inside the namespace. */
    public static List<String> inNamespace(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", NAMESPACE));
        full.addAll(command);
        return full;
    }

    private static Handle requireUp() {
        synchronized (LOCK) {
            if (handle == null) {
                throw new IllegalStateException("annotate the test class with @ExtendWith(JanusEnvironment.class)");
            }
            return handle;
        }
    }

    /** The running environment; closed by JUnit at the end of the test plan. */
    @SuppressWarnings("deprecation") // CloseableResource: what JUnit versions before 5.13 close
    private static final class Handle implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        private final Path root = RoomTokens.repoRoot();
        private final Path dir = root.resolve(".convene/janus-test");
        private final Thread shutdownHook = new Thread(this::down, "janus-test-env-down");
        private FileChannel lockFile;
        private FileLock lock;
        private List<String> urls;

        /** The environment another copy of this class started in this JVM (it tears it down). */
        static Handle attached() throws IOException {
            Handle attached = new Handle();
            attached.readUrls();
            return attached;
        }

        void up() throws IOException, InterruptedException {
            if (!"root".equals(System.getProperty("user.name"))) {
                throw new IllegalStateException("SFU tests need root: they create a network namespace for Janus");
            }
            Path lockPath = Path.of(LOCK_FILE);
            Files.createDirectories(lockPath.getParent());
            lockFile = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while ((lock = lockFile.tryLock()) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("another test run holds " + LOCK_FILE + " for over 10 minutes");
                }
                Thread.sleep(500);
            }
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            script(90, "up", "--count", String.valueOf(COUNT), "--session-timeout", String.valueOf(SESSION_TIMEOUT_S));
            readUrls();
        }

        private void readUrls() throws IOException {
            Properties env = new Properties();
            try (var reader = Files.newBufferedReader(dir.resolve("env"))) {
                env.load(reader);
            }
            urls = List.of(env.getProperty("JANUS_TEST_URLS").split(","));
        }

        long pid(int index) throws IOException {
            return Long.parseLong(Files.readString(dir.resolve("janus-" + index + ".pid")).strip());
        }

        static boolean alive(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
                return !state.equals("Z") && !state.equals("X");
            } catch (IOException | RuntimeException gone) {
                return false;
            }
        }

        void script(int timeoutSeconds, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(root.resolve("scripts/janus-test-env.sh").toString()));
            command.addAll(Arrays.asList(args));
            Path log = Files.createTempFile("janus-test-env", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (!done) {
                process.destroyForcibly();
                throw new IllegalStateException("janus-test-env.sh " + String.join(" ", args) + " took over " + timeoutSeconds + " s:\n" + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("janus-test-env.sh " + String.join(" ", args) + " failed:\n" + output);
            }
        }

        @Override
        public void close() {
            down();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // already running
            }
        }

        private synchronized void down() {
            try {
                if (lock != null) {
                    script(60, "down");
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                System.err.println("janus-test-env.sh down failed: " + e.getMessage());
            } finally {
                try {
                    if (lock != null) {
                        lock.release();
                        lockFile.close();
                    }
                } catch (IOException ignored) {
                    // the lock goes with the process anyway
                }
                lock = null;
                System.clearProperty(JVM_WIDE_KEY);
                synchronized (LOCK) {
                    handle = null;
                }
            }
        }
    }
}
