package dev.convene.signaling.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convene.signaling.support.RoomTokens;
import dev.convene.signaling.support.Rooms;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for scripts/bench-signaling.sh (not a test): WebSocket participants in rooms of
 * 4 against the packaged service. Modes:
 * <ul>
 * <li>{@code relay}: every participant sends ICE-candidate-sized targeted messages to its room's
 * peers (round robin) at a fixed total rate (open loop); prints the achieved relay rate, p50/p99
 * latency (send → receipt, same clock) and server CPU µs per relayed message from
 * /proc/&lt;pid&gt;/stat (utime + stime of every measured pid);</li>
 * <li>{@code cross}: as relay, half of each room on a second replica, every message addressed
 * to a peer on the other replica (through Redis);</li>
 * <li>{@code idle}: opens N joined participants, prints the server's RSS growth per connection
 * (VmRSS after a full GC, before and after).</li>
 * </ul>
 * Arguments: --mode, --port, --port2, --pids (comma separated: what to charge CPU to; the first is
 * the replica whose RSS is measured), --rooms, --rate, --warmup, --duration, --connections,
 * --compression (offer permessage-deflate like a browser), --protocol convene|socketio
 * (socketio: the same traffic as socket.io packets to scripts/bench/socketio-relay, the issue's
 * reference relay: engine.io handshake, {@code 42["signal",{…}]} messages, pings answered).
 */
public final class SignalingBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CANDIDATE = "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx "
            + "raddr 10.0.0.5 rport 46154 generation 0 ufrag sXo4 network-cost 999";
    private static final long CLOCK_TICK_MICROS = 10_000; // CLK_TCK = 100 (getconf CLK_TCK)
    /** socket.io over engine.io 4: open packet, namespace connect, ping, pong, an event. */
    private static final String SIO_OPEN = "0";
    private static final String SIO_CONNECTED = "40";
    private static final String SIO_PING = "2";
    private static final String SIO_PONG = "3";
    private static final String SIO_EVENT = "42[\"signal\",";
    private static final int MAX_LATENCY_MICROS = 1_000_000;

    private final Map<String, String> args;
    private final Vertx vertx;
    private final WebSocketClient client;
    private final List<Participant> participants = new ArrayList<>();
    private final int[] latencyMicros = new int[MAX_LATENCY_MICROS + 1];
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicInteger welcomed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile boolean recording;
    /** The most messages the pacer was behind its schedule after a tick, while recording. */
    private volatile long generatorLagMax;
    private final boolean socketIo;

    /** One simulated participant. */
    private static final class Participant {
        final int room;
        final int replica;
        volatile WebSocket socket;
        volatile String id;
        BenchWire wire;
        byte[][] frames; // pre-encoded candidate messages (up to the send time) for each target
        int next;

        Participant(int room, int replica) {
            this.room = room;
            this.replica = replica;
        }
    }

    private SignalingBench(Map<String, String> args) {
        this.args = args;
        this.socketIo = "socketio".equals(args.getOrDefault("protocol", "convene"));
        // --transport epoll (default): Netty's epoll transport, as the service uses; it costs the
        // generator less per message than NIO, so it keeps up at 40,000 msg/s on its core
        boolean epoll = !"nio".equals(args.getOrDefault("transport", "epoll"));
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2).setPreferNativeTransport(epoll));
        if (epoll && !vertx.isNativeTransportEnabled()) {
            throw new IllegalStateException("epoll transport unavailable: " + vertx.unavailableNativeTransportCause());
        }
        System.out.printf("load generator transport: %s%n", epoll ? "epoll" : "nio");
        // --compression true: offer permessage-deflate in the handshake, as browsers always do
        client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(25_000).setConnectTimeout(30_000).setIdleTimeout(0)
                .setTryUsePerMessageCompression(Boolean.parseBoolean(args.getOrDefault("compression", "false"))));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        SignalingBench bench = new SignalingBench(args);
        try {
            switch (args.getOrDefault("mode", "relay")) {
                case "relay" -> bench.relay(false);
                case "cross" -> bench.relay(true);
                case "idle" -> bench.idle();
                default -> throw new IllegalArgumentException("--mode relay|cross|idle");
            }
        } finally {
            // closing thousands of sockets takes a while; the figures are printed, the exit closes them
            System.out.flush();
        }
        System.exit(0);
    }

    private int intArg(String name, int fallback) {
        return Integer.parseInt(args.getOrDefault(name, String.valueOf(fallback)));
    }

    private long[] pids() {
        return Arrays.stream(args.getOrDefault("pids", "").split(",")).filter(s -> !s.isBlank()).mapToLong(Long::parseLong).toArray();
    }

    // ------------------------------------------------------------------------------ joins

    /** Joins rooms × 4 participants, at most {@code concurrency} joins in flight. */
    private void join(int rooms, boolean twoReplicas) throws Exception {
        int port = intArg("port", 8083);
        int port2 = intArg("port2", port);
        Semaphore inFlight = new Semaphore(intArg("concurrency", 32));
        CountDownLatch done = new CountDownLatch(rooms * 4);
        long started = System.nanoTime();
        for (int r = 0; r < rooms; r++) {
            String slug = Rooms.slug();
            String token = RoomTokens.participant(slug, Rooms.user(), "bench-" + r);
            for (int i = 0; i < 4; i++) {
                int replica = twoReplicas && i >= 2 ? 1 : 0;
                Participant p = new Participant(r, replica);
                participants.add(p);
                inFlight.acquire();
                WebSocketConnectOptions options = socketIo
                        ? new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                                .setURI("/socket.io/?EIO=4&transport=websocket")
                        : new WebSocketConnectOptions()
                        .setHost("127.0.0.1").setPort(replica == 0 ? port : port2).setURI("/ws/rooms/" + slug)
                        .addHeader("Origin", "http://localhost:8080")
                        .setSubProtocols(List.of("convene.v1", "access_token." + token));
                vertx.runOnContext(v -> client.connect(options).onSuccess(ws -> {
                    p.socket = ws;
                    p.wire = BenchWire.install(ws, this::onCandidate, socketIo ? SIO_EVENT : "{\"type\":\"candidate\"");
                    ws.textMessageHandler(text -> onFrame(p, text, inFlight, done));
                    ws.closeHandler(c -> {
                        if (p.id == null) {
                            failed.incrementAndGet();
                            inFlight.release();
                            done.countDown();
                        }
                    });
                }).onFailure(e -> {
                    failed.incrementAndGet();
                    inFlight.release();
                    done.countDown();
                }));
            }
        }
        if (!done.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("joins did not finish: " + welcomed.get() + " welcomed");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("joined: %d participants in %d rooms in %.1f s (%d failed)%n", welcomed.get(), rooms, seconds, failed.get());
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " joins failed");
        }
    }

    /** A relayed candidate came back (read by {@link BenchWire}): latency from its send time, same clock. */
    private void onCandidate(long sentAtNanos) {
        received.incrementAndGet();
        if (recording) {
            long micros = (System.nanoTime() - sentAtNanos) / 1000;
            latencyMicros[(int) Math.min(MAX_LATENCY_MICROS, Math.max(0, micros))]++;
        }
    }

    private void onFrame(Participant p, String text, Semaphore inFlight, CountDownLatch done) {
        if (socketIo) {
            onSocketIoPacket(p, text, inFlight, done);
            return;
        }
        if (text.startsWith("{\"type\":\"welcome\"")) {
            try {
                JsonNode welcome = JSON.readTree(text);
                p.id = welcome.get("participantId").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            welcomed.incrementAndGet();
            inFlight.release();
            done.countDown();
        }
    }

    /** engine.io open → connect to the default namespace → its sid is the participant's id; pings answered. */
    private void onSocketIoPacket(Participant p, String packet, Semaphore inFlight, CountDownLatch done) {
        if (packet.equals(SIO_PING)) {
            p.socket.writeTextMessage(SIO_PONG);
        } else if (packet.startsWith(SIO_CONNECTED)) {
            try {
                p.id = JSON.readTree(packet.substring(SIO_CONNECTED.length())).get("sid").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            welcomed.incrementAndGet();
            inFlight.release();
            done.countDown();
        } else if (packet.startsWith(SIO_OPEN)) {
            p.socket.writeTextMessage(SIO_CONNECTED);
        }
    }

    // ------------------------------------------------------------------------------ relay

    private void relay(boolean cross) throws Exception {
        int rooms = intArg("rooms", 250);
        int rate = intArg("rate", 40_000);
        join(rooms, cross);
        for (int i = 0; i < participants.size(); i += 4) {
            List<Participant> room = participants.subList(i, i + 4);
            for (Participant p : room) {
                List<byte[]> frames = new ArrayList<>();
                for (Participant peer : room) {
                    if (peer != p && (!cross || peer.replica != p.replica)) {
                        frames.add(((socketIo ? SIO_EVENT : "") + "{\"type\":\"candidate\",\"to\":\"" + peer.id + "\",\"candidate\":{\"sdpMid\":\"0\","
                                + "\"sdpMLineIndex\":0,\"usernameFragment\":\"sXo4\",\"candidate\":\"" + CANDIDATE + " x-ts ")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
                p.frames = frames.toArray(byte[][]::new);
            }
        }
        System.out.printf("frame size: ~%d bytes%n", participants.get(0).frames[0].length + 20);
        Thread.sleep(1000); // presence events settle (routes known on both replicas)
        long pacer = startPacer(rate);
        Thread.sleep(intArg("warmup", 10) * 1000L);
        int duration = intArg("duration", 20);
        long[] pids = pids();
        long[] cpuBefore = cpuTicks(pids);
        long[] userBefore = userTicks(pids);
        long[] self = {ProcessHandle.current().pid()};
        long selfBefore = cpuTicks(self)[0];
        long selfUserBefore = userTicks(self)[0];
        Map<String, Long> threadsBefore = threadTicks(pids[0]);
        long receivedBefore = received.get();
        long sentBefore = sent.get();
        recording = true;
        long started = System.nanoTime();
        Thread.sleep(duration * 1000L);
        recording = false;
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] cpuAfter = cpuTicks(pids);
        long[] userAfter = userTicks(pids);
        Map<String, Long> threadsAfter = threadTicks(pids[0]);
        long selfTicks = cpuTicks(self)[0] - selfBefore;
        long selfUser = userTicks(self)[0] - selfUserBefore;
        long delivered = received.get() - receivedBefore;
        long offered = sent.get() - sentBefore;
        vertx.cancelTimer(pacer);
        System.out.printf("mode: %s, rooms: %d (x4), offered: %d msg/s%n", cross ? "cross-replica (via Redis)" : "same replica", rooms, rate);
        System.out.printf("sent: %.0f msg/s, relayed: %.0f msg/s over %.1f s%n", offered / seconds, delivered / seconds, seconds);
        System.out.printf("generator behind its schedule: at most %d messages (%.1f ms)%n", generatorLagMax, generatorLagMax * 1000.0 / rate);
        System.out.printf("latency: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
                percentile(0.50) / 1000.0, percentile(0.99) / 1000.0, percentile(0.999) / 1000.0, percentile(1.0) / 1000.0);
        long total = 0;
        for (int i = 0; i < pids.length; i++) {
            long ticks = cpuAfter[i] - cpuBefore[i];
            total += ticks;
            long user = userAfter[i] - userBefore[i];
            System.out.printf("CPU of pid %d: %.2f µs per relayed message (user %.2f + system %.2f; %d ticks, %.0f %% of a core)%n",
                    pids[i], ticks * (double) CLOCK_TICK_MICROS / Math.max(1, delivered),
                    user * (double) CLOCK_TICK_MICROS / Math.max(1, delivered),
                    (ticks - user) * (double) CLOCK_TICK_MICROS / Math.max(1, delivered), ticks, ticks * 1e4 / 1e6 / seconds * 100);
        }
        if (pids.length > 1) {
            System.out.printf("CPU of all measured pids: %.2f µs per relayed message%n",
                    total * (double) CLOCK_TICK_MICROS / Math.max(1, delivered));
        }
        printThreads(threadsBefore, threadsAfter, delivered);
        // The generator on its own core: if it nears 100 %, it (not the server) limits the rate.
        System.out.printf("CPU of the load generator: %.2f µs per relayed message (user %.2f + system %.2f; %.0f %% of a core)%n",
                selfTicks * (double) CLOCK_TICK_MICROS / Math.max(1, delivered),
                selfUser * (double) CLOCK_TICK_MICROS / Math.max(1, delivered),
                (selfTicks - selfUser) * (double) CLOCK_TICK_MICROS / Math.max(1, delivered), selfTicks * 1e4 / 1e6 / seconds * 100);
    }

    /**
     * Sends rate × elapsed messages from a 1 ms timer on the client's event loop (open loop). A
     * generator that fell behind (starved of CPU) catches up at most 5 ms worth of messages per
     * tick, so its own reads (the latency samples) are not held up behind a long burst of writes;
     * how far behind schedule it was is recorded ({@link #generatorLagMax}).
     */
    private long startPacer(int rate) {
        long started = System.nanoTime();
        long maxPerTick = Math.max(1, rate / 200);
        AtomicLong due = new AtomicLong();
        int[] cursor = {0};
        return vertx.setPeriodic(1, id -> {
            long target = (System.nanoTime() - started) * rate / 1_000_000_000L;
            long behind = target - due.get();
            long n = Math.min(behind, maxPerTick);
            if (recording) {
                generatorLagMax = Math.max(generatorLagMax, behind - n);
            }
            for (long i = 0; i < n; i++) {
                Participant p = participants.get(cursor[0]);
                cursor[0] = (cursor[0] + 1) % participants.size();
                byte[] frame = p.frames[p.next];
                p.next = (p.next + 1) % p.frames.length;
                p.wire.send(frame, System.nanoTime());
            }
            due.addAndGet(n);
            sent.addAndGet(n);
        });
    }

    /** The latency (µs) below which a fraction q of the recorded messages arrived. */
    private long percentile(double q) {
        long total = Arrays.stream(latencyMicros).asLongStream().sum();
        long wanted = Math.max(1, (long) Math.ceil(total * q));
        long seen = 0;
        for (int micros = 0; micros < latencyMicros.length; micros++) {
            seen += latencyMicros[micros];
            if (seen >= wanted) {
                return micros;
            }
        }
        return MAX_LATENCY_MICROS;
    }

    /** utime + stime (fields 14 and 15 of /proc/PID/stat, in clock ticks) of each pid. */
    private static long[] cpuTicks(long[] pids) throws IOException {
        long[] ticks = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            String[] fields = statFields(pids[i]);
            ticks[i] = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return ticks;
    }

    /**
     * CPU ticks of a process's threads grouped by name (digits dropped: "executor-thread-*"), so
     * the event loop's share can be told from the JIT compiler's, the GC's and the workers'.
     */
    private static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> groups = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    groups.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return groups;
    }

    private static void printThreads(Map<String, Long> before, Map<String, Long> after, long delivered) {
        StringBuilder line = new StringBuilder("  by thread (µs per relayed message):");
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(6)
                .forEach(e -> line.append(String.format(" %s %.2f;", e.getKey(), e.getValue() * (double) CLOCK_TICK_MICROS / Math.max(1, delivered))));
        System.out.println(line);
    }

    /** utime alone (user space: the JVM's own work; stime is the kernel's: syscalls, TCP). */
    private static long[] userTicks(long[] pids) throws IOException {
        long[] ticks = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            ticks[i] = Long.parseLong(statFields(pids[i])[11]);
        }
        return ticks;
    }

    private static String[] statFields(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    // ------------------------------------------------------------------------------- idle

    private void idle() throws Exception {
        long pid = pids()[0];
        int connections = intArg("connections", 15_000);
        boolean histogram = Boolean.parseBoolean(args.getOrDefault("histogram", "false"));
        gc(pid);
        long before = rssKb(pid);
        Map<String, long[]> histoBefore = histogram ? histogram(pid) : Map.of();
        if (histogram) {
            jcmd(pid, "VM.native_memory", "baseline"); // no-op unless -XX:NativeMemoryTracking=summary
        }
        join(connections / 4, false);
        Thread.sleep(intArg("settle", 5) * 1000L);
        gc(pid);
        long after = rssKb(pid);
        System.out.printf("idle: %d joined connections, server RSS %d MB → %d MB: %.1f KB per connection%n",
                welcomed.get(), before / 1024, after / 1024, (after - before) / (double) welcomed.get());
        if (histogram) {
            printHistogramDelta(histoBefore, histogram(pid), welcomed.get());
            String nmt = jcmd(pid, "VM.native_memory", "summary.diff");
            if (nmt.contains("Total:")) {
                System.out.println("native memory growth (NMT; committed):");
                nmt.lines().filter(l -> l.startsWith("-") || l.startsWith("Total")).forEach(l -> System.out.println("  " + l.trim()));
            }
        }
        int open = 0;
        for (Participant p : participants) {
            if (p.socket != null && !p.socket.isClosed()) {
                open++;
            }
        }
        System.out.printf("still open after settling: %d%n", open);
    }

    /** Live heap by class (jcmd GC.class_histogram: a full GC first): class → {instances, bytes}. */
    private static Map<String, long[]> histogram(long pid) throws Exception {
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true).start();
        Map<String, long[]> classes = new HashMap<>();
        for (String line : new String(jcmd.getInputStream().readAllBytes()).split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 4 && cols[0].endsWith(":")) {
                classes.put(cols[3], new long[] {Long.parseLong(cols[1]), Long.parseLong(cols[2])});
            }
        }
        jcmd.waitFor(60, TimeUnit.SECONDS);
        return classes;
    }

    private static String jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** The classes whose live heap grew most, per connection: where an idle connection's memory goes. */
    private static void printHistogramDelta(Map<String, long[]> before, Map<String, long[]> after, int connections) {
        List<Map.Entry<String, long[]>> grown = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] old = before.getOrDefault(e.getKey(), new long[2]);
            long[] delta = {e.getValue()[0] - old[0], e.getValue()[1] - old[1]};
            total += delta[1];
            grown.add(Map.entry(e.getKey(), delta));
        }
        grown.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        System.out.printf("live heap growth: %.0f bytes per connection; top classes (instances, bytes per connection):%n",
                total / (double) connections);
        for (Map.Entry<String, long[]> e : grown.subList(0, Math.min(30, grown.size()))) {
            System.out.printf("  %6.2f  %7.0f  %s%n", e.getValue()[0] / (double) connections, e.getValue()[1] / (double) connections, e.getKey());
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static void gc(long pid) throws Exception {
        new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        Thread.sleep(500);
    }
}
