package dev.convene.signaling.sfu;

import java.util.List;

/** Janus' answer to a publish offer, and the streams it accepted (mid, kind, source, simulcast). */
public record PublishAnswer(String sdp, List<PublishedStream> streams) {

    public record PublishedStream(String mid, String kind, String source, boolean simulcast) {
    }
}
