package dev.convene.signaling.sfu;

import dev.convene.signaling.config.EventsConfig;
import dev.convene.signaling.config.JanusConfig;
import dev.convene.signaling.config.SfuConfig;
import dev.convene.signaling.sfu.janus.JanusSettings;
import dev.convene.signaling.sfu.pool.JanusPool;
import dev.convene.signaling.sfu.pool.RoomDirectory;
import dev.convene.signaling.sfu.pool.RoomPlacements;
import dev.convene.signaling.sfu.pool.RoomTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Builds the SFU objects from configuration (they are plain classes so tests can build them
 * against their own Janus and Redis), connects to the pool at startup and disconnects at
 * shutdown. The WebSocket layer injects {@link SfuSessions}.
 */
@ApplicationScoped
public class SfuWiring {

    private static final Logger LOG = Logger.getLogger(SfuWiring.class);

    @Produces
    @Singleton
    JanusPool janusPool(Vertx vertx, JanusConfig janus) {
        List<String> urls = janus.urls().orElse(List.of()).stream().map(String::strip).filter(u -> !u.isEmpty()).toList();
        JanusSettings settings = new JanusSettings(janus.apiSecret(), janus.requestTimeout(), janus.keepaliveInterval(),
                janus.pingInterval(), janus.maxReconnectDelay());
        return new JanusPool(vertx, urls, settings, janus.adminKey());
    }

    @Produces
    @Singleton
    SfuMetrics sfuMetrics(MeterRegistry registry, JanusPool pool) {
        SfuMetrics metrics = new SfuMetrics(registry);
        metrics.watch(pool);
        return metrics;
    }

    @Produces
    @Singleton
    RoomDirectory roomDirectory(Vertx vertx, JanusPool pool, Redis redis, EventsConfig events, SfuConfig sfu,
            SfuMetrics metrics) {
        RoomPlacements placements = new RoomPlacements(redis, events.prefix(), sfu.placementTtl());
        RoomTemplate template = new RoomTemplate(sfu.maxPublishers(), sfu.publisherBitrate(), sfu.firFrequency(),
                sfu.recordingDir().orElse(null));
        return new RoomDirectory(vertx, pool, placements, template, events.prefix(), metrics);
    }

    @Produces
    @Singleton
    SfuSessions sfuSessions(Vertx vertx, JanusPool pool, RoomDirectory rooms, SfuMetrics metrics, SfuConfig sfu) {
        return new SfuSessions(vertx, pool, rooms, metrics, sfu.batchDelay(), sfu.answerTimeout());
    }

    void start(@Observes StartupEvent event, JanusPool pool, RoomDirectory rooms, SfuSessions sessions, SfuConfig sfu,
            JanusConfig janus) {
        if (!pool.isConfigured()) {
            LOG.info("SFU: no Janus configured (convene.janus.urls / CONVENE_JANUS_URLS): SFU mode unavailable");
            return;
        }
        if (janus.adminKey().isEmpty()) {
            LOG.warn("SFU: no videoroom admin key (convene.janus.admin-key): room creation fails if Janus requires one");
        }
        pool.start();
        rooms.start(sfu.placementRefresh(), sfu.janitorInterval());
        LOG.infof("SFU: Janus pool %s", pool.instances());
    }

    void stop(@Observes ShutdownEvent event, JanusPool pool, RoomDirectory rooms, SfuSessions sessions) {
        if (!pool.isConfigured()) {
            return;
        }
        try {
            sessions.close().await().atMost(Duration.ofSeconds(3));
        } catch (RuntimeException e) {
            LOG.debugf("SFU: leaving at shutdown: %s", e.getMessage());
        }
        rooms.stop();
        pool.close();
    }
}
