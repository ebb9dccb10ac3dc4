package dev.convene.signaling.sfu.janus;

/** The Janus could not answer: not connected, connection lost, or no answer in time. */
public class JanusUnavailableException extends RuntimeException {

    public JanusUnavailableException(String message) {
        super(message);
    }
}
