import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * chat-service send benchmark (JDK only, run with `java ChatBench.java …`; scripts/bench-chat.sh
 * starts the packaged service and runs this). N sender threads, each with one keep-alive
 * HTTP/1.1 connection, send messages (PUT …/messages/{clientId}) to rooms drawn from a Zipf
 * distribution ({@link Traffic}: many rooms, a few busy), each as one of the room's participants;
 * a Redis subscriber (PSUBSCRIBE {prefix}:room:*) records when each message's
 * chat.message.created announcement arrives. Prints the sustained persisted rate (201s per
 * second over the measured phase) and send→announced latency percentiles.
 *
 * Without --rate the senders send back to back (closed loop: the maximum sustained rate, with
 * queueing in the latencies). With --rate R the sends are scheduled at R per second overall
 * (open loop) and latencies are measured from each send's scheduled time, so a service that
 * falls behind shows it (no coordinated omission).
 *
 * Options: --url http://127.0.0.1:18094 --secrets DIR --prefix convene-bench --senders 64
 *          --rooms 200 --users-per-room 4 --skew 1.0 --warmup 2000 --messages 20000 --max-seconds 60
 *          [--rate 1000] [--service-pid PID] (prints the service's CPU use, from /proc)
 *          [--target-rate 1000 --target-p99 50] (open loop: prints whether the target was met)
 */
public class ChatBench {

    static final Pattern CLIENT_ID = Pattern.compile("\"clientId\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = opts.getOrDefault("url", "http://127.0.0.1:18094");
        Path secrets = Path.of(opts.getOrDefault("secrets", ".convene/secrets"));
        String prefix = opts.getOrDefault("prefix", "convene-bench");
        int senders = Integer.parseInt(opts.getOrDefault("senders", "64"));
        int rooms = Integer.parseInt(opts.getOrDefault("rooms", "200"));
        int usersPerRoom = Integer.parseInt(opts.getOrDefault("users-per-room", "4"));
        double skew = Double.parseDouble(opts.getOrDefault("skew", "1.0"));
        long servicePid = Long.parseLong(opts.getOrDefault("service-pid", "0"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "2000"));
        int messages = Integer.parseInt(opts.getOrDefault("messages", "20000"));
        long maxNanos = Long.parseLong(opts.getOrDefault("max-seconds", "60")) * 1_000_000_000L;
        double rate = Double.parseDouble(opts.getOrDefault("rate", "0"));

        java.net.URI uri = java.net.URI.create(url);
        String host = uri.getHost();
        int port = uri.getPort();
        PrivateKey key = privateKey(Files.readString(secrets.resolve("room-jwt-private.pem")));
        String run = Long.toString(System.currentTimeMillis(), 36);
        Traffic traffic = new Traffic(key, "bench-" + run + "-", rooms, usersPerRoom, skew);

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> announcedAt = new ConcurrentHashMap<>();
        Thread subscriber = subscribe(prefix + ":room:bench-" + run + "-*", announcedAt);

        System.out.printf("chat-service bench: %s, %d connections, warm-up %d, measured %d messages (max %d s), %s%n",
                url, senders, warmup, messages, maxNanos / 1_000_000_000L,
                rate > 0 ? "open loop at " + rate + " msg/s" : "closed loop (as fast as possible)");
        System.out.println(traffic.describe());
        phase(host, port, traffic, senders, warmup, maxNanos, rate, new ConcurrentHashMap<>(), "warm-up");
        CpuClock cpu = new CpuClock(servicePid);
        Result result = phase(host, port, traffic, senders, messages, maxNanos, rate, sentAt, "measured");
        String cpuUse = cpu.report(result.created);

        long waitUntil = System.nanoTime() + 5_000_000_000L; // let the last announcements arrive
        while (System.nanoTime() < waitUntil && !announcedAt.keySet().containsAll(sentAt.keySet())) {
            Thread.sleep(50);
        }
        long[] latencies = sentAt.entrySet().stream()
                .filter(e -> announcedAt.containsKey(e.getKey()))
                .mapToLong(e -> announcedAt.get(e.getKey()) - e.getValue()).sorted().toArray();
        long missing = sentAt.size() - latencies.length;
        double seconds = result.elapsedNanos / 1e9;
        System.out.printf("persisted: %d messages (201) in %.2f s = %.0f msg/s sustained; errors: %d%n",
                result.created, seconds, result.created / seconds, result.errors);
        System.out.printf("HTTP send latency ms: p50 %.1f  p99 %.1f  max %.1f%n",
                pct(result.httpLatencies, 50), pct(result.httpLatencies, 99), pct(result.httpLatencies, 100));
        if (rate > 0) {
            // how late the generator itself put sends on the wire: large values mean it (or the
            // machine) could not keep up, not the service; latencies count from the schedule anyway
            System.out.printf("generator lateness ms (actual send - scheduled): p50 %.1f  p99 %.1f  max %.1f%n",
                    pct(result.lateness, 50), pct(result.lateness, 99), pct(result.lateness, 100));
        }
        System.out.println(cpuUse);
        System.out.printf("send->announced latency ms (%d announced, %d missing): p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                latencies.length, missing, pct(latencies, 50), pct(latencies, 90), pct(latencies, 99), pct(latencies, 100));
        if (rate > 0) {
            // open loop: latencies count from each send's scheduled time, so a p99 within the bound
            // at the offered rate, with every message persisted and announced, means the service
            // sustained that rate (a service that falls behind shows it in the latencies)
            double targetRate = Double.parseDouble(opts.getOrDefault("target-rate", "1000"));
            double targetP99 = Double.parseDouble(opts.getOrDefault("target-p99", "50"));
            double p99 = pct(latencies, 99);
            boolean met = rate >= targetRate && missing == 0 && result.errors == 0 && p99 <= targetP99;
            System.out.printf("target (>= %.0f msg/s persisted, p99 send->announced <= %.0f ms): %s "
                    + "(offered %.0f msg/s, p99 %.1f ms, %d errors, %d not announced)%n",
                    targetRate, targetP99, met ? "MET" : "NOT MET", rate, p99, result.errors, missing);
        }
        subscriber.interrupt();
        System.exit(missing == 0 && result.errors == 0 ? 0 : 1);
    }

    record Result(int created, int errors, long elapsedNanos, long[] httpLatencies, long[] lateness) {
    }

    /**
     * Who sends where: {@code rooms} rooms with {@code usersPerRoom} participants each (one room
     * token per participant). Each message goes to a room drawn from a Zipf distribution with
     * exponent {@code skew} (1.0: the busiest room gets 1/H(rooms) of the traffic, the 10 busiest
     * about half, the long tail a message now and then; 0: uniform), from one of its
     * participants drawn uniformly — many rooms, a few busy ones.
     */
    static final class Traffic {
        final String[] rooms;
        final String[][] tokens;
        final double[] cumulative;
        final double skew;

        Traffic(PrivateKey key, String prefix, int roomCount, int usersPerRoom, double skew) throws Exception {
            this.skew = skew;
            rooms = new String[roomCount];
            tokens = new String[roomCount][usersPerRoom];
            cumulative = new double[roomCount];
            double sum = 0;
            for (int r = 0; r < roomCount; r++) {
                rooms[r] = prefix + r;
                for (int u = 0; u < usersPerRoom; u++) {
                    tokens[r][u] = token(key, UUID.randomUUID().toString(), rooms[r]);
                }
                sum += 1 / Math.pow(r + 1, skew);
                cumulative[r] = sum;
            }
            for (int r = 0; r < roomCount; r++) {
                cumulative[r] /= sum;
            }
        }

        int room(java.util.Random random) {
            int i = Arrays.binarySearch(cumulative, random.nextDouble());
            return Math.min(i < 0 ? -i - 1 : i, rooms.length - 1);
        }

        double share(int r) {
            return cumulative[r] - (r == 0 ? 0 : cumulative[r - 1]);
        }

        String describe() {
            int top = Math.min(10, rooms.length);
            return String.format("traffic: %d rooms x %d participants, Zipf skew %.2f: busiest room %.1f %%, %d busiest %.1f %%, "
                    + "quietest %.2f %% of the messages", rooms.length, tokens[0].length, skew, 100 * share(0), top,
                    100 * cumulative[top - 1], 100 * share(rooms.length - 1));
        }
    }

    /** CPU used during the measured phase: this generator, the service (by pid, Linux /proc) and the whole machine. */
    static final class CpuClock {
        final long servicePid;
        final long start = System.nanoTime();
        final long generator = generatorCpuNanos();
        final long[] service;
        final long[] machine = machineTicks();

        CpuClock(long servicePid) {
            this.servicePid = servicePid;
            this.service = serviceTicks();
        }

        static long generatorCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }

        /** {utime, stime} of the service, or null. */
        long[] serviceTicks() {
            try {
                String stat = Files.readString(Path.of("/proc/" + servicePid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
            } catch (Exception e) {
                return null;
            }
        }

        /** {busy, total} jiffies over all CPUs. */
        static long[] machineTicks() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length; i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                return new long[] {total - idle, total};
            } catch (Exception e) {
                return new long[] {-1, -1};
            }
        }

        String report(int messages) {
            double wall = (System.nanoTime() - start) / 1e9;
            double gen = (generatorCpuNanos() - generator) / 1e9;
            long[] svcTicks = serviceTicks();
            long[] m = machineTicks();
            StringBuilder out = new StringBuilder(String.format(
                    "CPU during the measured phase (%.1f s): generator %.0f %% of a core (%.3f ms per message)",
                    wall, 100 * gen / wall, 1000 * gen / Math.max(1, messages)));
            if (servicePid > 0 && service != null && svcTicks != null) {
                double user = (svcTicks[0] - service[0]) / 100.0; // USER_HZ is 100 on Linux
                double kernel = (svcTicks[1] - service[1]) / 100.0;
                double svc = user + kernel;
                out.append(String.format("; service %.0f %% of a core (%.3f ms per message: user %.3f, kernel %.3f)",
                        100 * svc / wall, 1000 * svc / Math.max(1, messages), 1000 * user / Math.max(1, messages),
                        1000 * kernel / Math.max(1, messages)));
            }
            if (machine[1] > 0 && m[1] > machine[1]) {
                out.append(String.format("; whole machine %.0f %% busy", 100.0 * (m[0] - machine[0]) / (m[1] - machine[1])));
            }
            return out.toString();
        }
    }

    static Result phase(String host, int port, Traffic traffic, int senders, int total, long maxNanos,
            double rate, Map<String, Long> sentAt, String name) throws Exception {
        AtomicInteger remaining = new AtomicInteger(total);
        AtomicLong scheduled = new AtomicLong();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long[][] perThread = new long[senders][];
        long[][] latePerThread = new long[senders][];
        CountDownLatch done = new CountDownLatch(senders);
        long start = System.nanoTime();
        long deadline = start + maxNanos;
        AtomicLong lastEnd = new AtomicLong(start);
        for (int t = 0; t < senders; t++) {
            int index = t;
            java.util.Random random = new java.util.Random(31L * t + total);
            new Thread(() -> {
                long[] latencies = new long[total];
                long[] lateness = new long[total];
                int n = 0;
                try (Http http = new Http(host, port)) {
                    while (remaining.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                        int r = traffic.room(random);
                        String room = traffic.rooms[r];
                        String token = traffic.tokens[r][random.nextInt(traffic.tokens[r].length)];
                        String clientId = UUID.randomUUID().toString();
                        String body = "{\"text\":\"bench message " + clientId.substring(0, 8) + " 🚀\"}";
                        long t0 = System.nanoTime();
                        if (rate > 0) {
                            // open loop: the n-th send overall is due at start + n / rate, whether or
                            // not earlier ones were answered; latency counts from that moment
                            long slot = start + (long) (scheduled.getAndIncrement() * 1e9 / rate);
                            while ((t0 = System.nanoTime()) < slot) {
                                java.util.concurrent.locks.LockSupport.parkNanos(slot - t0);
                            }
                            lateness[n] = t0 - slot;
                            t0 = slot;
                        }
                        sentAt.put(clientId, t0);
                        int status = http.put("/api/chat/rooms/" + room + "/messages/" + clientId, token, body);
                        long t1 = System.nanoTime();
                        latencies[n++] = t1 - t0;
                        lastEnd.accumulateAndGet(t1, Math::max);
                        if (status == 201) {
                            created.incrementAndGet();
                        } else {
                            sentAt.remove(clientId);
                            errors.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    System.err.println("sender " + index + ": " + e);
                    errors.incrementAndGet();
                } finally {
                    perThread[index] = Arrays.copyOf(latencies, n);
                    latePerThread[index] = Arrays.copyOf(lateness, n);
                    done.countDown();
                }
            }, "sender-" + t).start();
        }
        done.await();
        long[] all = Arrays.stream(perThread).flatMapToLong(Arrays::stream).sorted().toArray();
        long[] late = Arrays.stream(latePerThread).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("%s phase: %d sent%n", name, all.length);
        return new Result(created.get(), errors.get(), lastEnd.get() - start, all, late);
    }

    static double pct(long[] sortedNanos, int percentile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
    }

    /** A room token as room-service issues it, signed RS256 with its dev key. */
    static String token(PrivateKey key, String userId, String room) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"bench\"}";
        String claims = "{\"iss\":\"convene-rooms\",\"aud\":\"convene-room\",\"sub\":\"" + userId
                + "\",\"name\":\"Bench " + userId.substring(0, 4) + "\",\"room\":\"" + room
                + "\",\"role\":\"participant\",\"grants\":[\"chat\",\"files\"],\"guest\":false,\"iat\":" + now
                + ",\"exp\":" + (now + 900) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(rsa.sign());
    }

    static PrivateKey privateKey(String pem) throws Exception {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /** PSUBSCRIBE on 127.0.0.1:6379; records the arrival time of each created message's clientId. */
    static Thread subscribe(String pattern, Map<String, Long> announcedAt) throws Exception {
        Socket socket = new Socket("127.0.0.1", 6379);
        OutputStream out = socket.getOutputStream();
        byte[] p = pattern.getBytes(StandardCharsets.UTF_8);
        out.write(("*2\r\n$10\r\nPSUBSCRIBE\r\n$" + p.length + "\r\n" + pattern + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        readReply(in); // subscribed
        Thread reader = new Thread(() -> {
            try {
                while (true) {
                    Object reply = readReply(in);
                    long now = System.nanoTime();
                    if (reply instanceof List<?> list && list.size() == 4 && "pmessage".equals(list.get(0))) {
                        String data = (String) list.get(3);
                        if (data.contains("\"chat.message.created\"")) {
                            Matcher m = CLIENT_ID.matcher(data);
                            if (m.find()) {
                                announcedAt.putIfAbsent(m.group(1), now);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }, "redis-subscriber");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    static Object readReply(InputStream in) throws IOException {
        int type = in.read();
        String line = readLine(in);
        switch (type) {
            case '*': {
                int n = Integer.parseInt(line);
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(readReply(in));
                }
                return items;
            }
            case '$': {
                byte[] data = in.readNBytes(Integer.parseInt(line));
                readLine(in);
                return new String(data, StandardCharsets.UTF_8);
            }
            case -1:
                throw new IOException("closed");
            default:
                return line;
        }
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c == -1) {
                throw new IOException("closed");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    /** A minimal keep-alive HTTP/1.1 client: one request at a time on one connection. */
    static final class Http implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        final String host;

        Http(String host, int port) throws IOException {
            this.host = host + ":" + port;
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 1 << 14);
        }

        int put(String path, String token, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = "PUT " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            String status = readLine(in);
            int length = 0;
            for (String header; !(header = readLine(in)).isEmpty(); ) {
                if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
            }
            in.readNBytes(length);
            return Integer.parseInt(status.split(" ")[1]);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
