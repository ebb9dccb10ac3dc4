package dev.convene.signaling.sfu;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The SFU beans in the running service: with no Janus configured (the test profile) SFU mode
 * reports itself unavailable with a stable code instead of failing in odd ways, and its metrics
 * are exported.
 */
@QuarkusTest
class SfuWiringTest {

    @Inject
    SfuSessions sessions;

    @Test
    void withoutJanusTheSfuIsUnavailableAndSaysSo() {
        assertFalse(sessions.configured());
        assertFalse(sessions.available());
        SfuException refused = (SfuException) sessions.join(new SfuPeer("room", "p1", new SfuPeerListener() {
            @Override
            public void subscriberOffer(SubscriberOffer offer) {
            }

            @Override
            public void restart(String reason) {
            }

            @Override
            public void unavailable(String reason) {
            }
        })).map(x -> (Object) x).onFailure().recoverWithItem(f -> f).await().atMost(Duration.ofSeconds(5));
        assertEquals(SfuException.UNAVAILABLE, refused.code());
        SfuException notJoined = (SfuException) sessions.publish("p1", "v=0", java.util.List.of())
                .map(x -> (Object) x).onFailure().recoverWithItem(f -> f).await().atMost(Duration.ofSeconds(5));
        assertEquals(SfuException.NOT_JOINED, notJoined.code());
    }

    @Test
    void sfuMetricsAreExported() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("convene_sfu_publishers"))
                .body(containsString("convene_sfu_subscription_updates_total"));
    }
}
