package dev.convene.signaling.sfu;

import dev.convene.signaling.sfu.pool.RoomDirectory;
import io.vertx.core.Vertx;
import java.time.Duration;

/** What every {@link SfuParticipant} of this replica shares. */
record SfuContext(Vertx vertx, RoomDirectory rooms, SfuMetrics metrics, Duration batchDelay, Duration answerTimeout) {
}
