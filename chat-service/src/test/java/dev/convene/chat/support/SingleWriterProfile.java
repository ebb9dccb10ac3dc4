package dev.convene.chat.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * One batch writer, so a test can form a batch deterministically: while the writer's batch
 * waits for a room's lock, every send queues for the next batch. (With several writers a free
 * one would take them.) What is tested — a batch's numbering, repeats, failures — is the same
 * for every writer; concurrent writers are exercised by the other suites with the defaults.
 */
public class SingleWriterProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("convene.chat.messages.writers", "1");
    }
}
