package dev.convene.chat.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The application reaches PostgreSQL and Redis through {@link TcpProxy}s that the test switches
 * off and on ({@link TcpProxy#switchOff}, {@link TcpProxy#switchOn}). Redis starts off. The
 * fast path holds at most 2 announcements in memory, so an outage also exercises the spill to
 * the poller.
 * Quarkus may instantiate this profile more than once (in different class loaders): the
 * proxies are created once per JVM and their ports remembered in system properties.
 */
public class OutageProfile implements QuarkusTestProfile {

    public static final String REDIS = "chat-test.redis-proxy";
    public static final String POSTGRES = "chat-test.postgres-proxy";

    @Override
    public synchronized Map<String, String> getConfigOverrides() {
        if (System.getProperty(REDIS + ".port") == null) {
            TcpProxy.switchOff(REDIS);
            TcpProxy.switchOn(POSTGRES);
            int redisPort = TcpProxy.freePort();
            int postgresPort = TcpProxy.freePort();
            new TcpProxy(redisPort, 6379, REDIS);
            new TcpProxy(postgresPort, 5432, POSTGRES);
            System.setProperty(REDIS + ".port", Integer.toString(redisPort));
            System.setProperty(POSTGRES + ".port", Integer.toString(postgresPort));
        }
        return Map.of(
                "quarkus.redis.hosts", "redis://127.0.0.1:" + System.getProperty(REDIS + ".port"),
                "quarkus.datasource.jdbc.url",
                "jdbc:postgresql://127.0.0.1:" + System.getProperty(POSTGRES + ".port") + "/convene_chat_test",
                "quarkus.datasource.jdbc.acquisition-timeout", "1S",
                "convene.chat.outbox.max-backoff", "500ms",
                // the third announcement held during the Redis outage spills to the poller
                "convene.chat.outbox.max-queued", "2");
    }
}
