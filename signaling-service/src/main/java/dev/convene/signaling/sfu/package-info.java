/**
 * SFU mode: signaling-service as the only client of a pool of Janus instances (docs/sfu.md).
 *
 * <p>Layers, bottom up:
 * <ul>
 * <li>{@code sfu.janus} — the Janus WebSocket API: one {@code JanusConnection} per instance
 * (transactions, api_secret, keepalives, liveness, reconnect), sessions and plugin handles.</li>
 * <li>{@code sfu.videoroom} — the videoroom plugin's requests: room administration
 * ({@code VideoRoomControl}), publisher and subscriber handles.</li>
 * <li>{@code sfu.pool} — the pool ({@code JanusPool}) and which room serves a meeting
 * ({@code RoomDirectory}: placement shared through Redis, failover, cleanup).</li>
 * <li>this package — {@link dev.convene.signaling.sfu.SfuSessions}, the API the WebSocket layer
 * calls per participant, and {@link dev.convene.signaling.sfu.SfuPeerListener}, through which
 * it hears what to send to each client.</li>
 * </ul>
 */
package dev.convene.signaling.sfu;
