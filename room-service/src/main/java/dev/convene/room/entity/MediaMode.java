package dev.convene.room.entity;

/** How media flows in a room: decided per room, applied by signaling-service. */
public enum MediaMode {
    /** P2P while small and every pair connects, SFU otherwise (the default) */
    AUTO,
    /** always peer-to-peer (mesh) */
    P2P,
    /** always through the SFU */
    SFU
}
