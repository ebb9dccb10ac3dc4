package dev.convene.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

/** NOTES.txt (shown by helm install/upgrade) prints the URL and what to create first. */
class NotesTest {

    @Test
    void notesPrintThePublicUrl() {
        String output = new Helm(Chart.CHART).install()
                .withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE).withKubeVersion(Chart.KUBE_VERSION)
                .withValuesFile(Chart.K8S_DIR.resolve("examples/multi-node.yaml"))
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly()
                .call().getOutput();
        String notes = output.substring(output.indexOf("NOTES:"));
        assertTrue(notes.contains("Open: https://meet.example.com\n"), notes);
        assertTrue(notes.contains("turn.meet.example.com"), notes);
        assertTrue(notes.contains("convene-db, convene-auth-jwt, convene-room-jwt, convene-turn, convene-janus, convene-redis"), notes);
    }
}
