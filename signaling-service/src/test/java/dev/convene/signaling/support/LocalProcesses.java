package dev.convene.signaling.support;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Real processes for integration tests and the benchmark: a private redis-server, packaged replicas. */
public final class LocalProcesses {

    private LocalProcesses() {
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A throw-away Redis on loopback (never the shared one on 6379): no persistence. */
    public static Process redis(int port, Path log) throws IOException {
        Process redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitPort(port, 10);
        return redis;
    }

    /** The packaged signaling-service (profile local), on {@code port}, against the given Redis. */
    public static Process replica(Path jar, int port, int redisPort, String prefix, Path log, Map<String, String> properties,
            List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("java", "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                "-Dquarkus.profile=local", "-Dconvene.root=" + RoomTokens.repoRoot(),
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1"));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CONVENE_REDIS_URL", "redis://127.0.0.1:" + redisPort);
        builder.environment().put("CONVENE_EVENTS_PREFIX", prefix);
        Process process = builder.start();
        awaitReady(port, process, log);
        return process;
    }

    public static void awaitReady(int port, Process process, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/q/health/ready").toURL().openConnection();
                http.setConnectTimeout(500);
                if (http.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            sleep(200);
        }
        throw new IllegalStateException("replica on " + port + " not ready:\n" + Files.readString(log));
    }

    public static void awaitPort(int port, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("nothing listens on " + port);
    }

    public static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
