package dev.convene.k8s;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json rejects what would render a broken install (Helm checks it on every render). */
class ValuesSchemaTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "apps.webUi.replicas, two, /apps/webUi/replicas",
        "apps.webUi.replica, 2, replica",
        "unknownTopLevel, 1, unknownTopLevel",
        "postgresql.mode, embedded, /postgresql/mode",
        "ingress.host, Not_A_Host, /ingress/host",
        "apps.signalingService.autoscaling.enabled, maybe, /apps/signalingService/autoscaling/enabled",
        "janus.rtpPortRange.min, 80, /janus/rtpPortRange/min",
        "metrics.serviceMonitor.mode, sometimes, /metrics/serviceMonitor/mode",
        "podSecurityContext.runAsNonRoot, false, /podSecurityContext/runAsNonRoot",
        "apps.authService.signingKeys.existingSecret, null, /apps/authService/signingKeys",
        "media.publicIps.node-a, not-an-ip, /media/publicIps/node-a",
    })
    void invalidValuesAreRejected(String key, String value, String expectedInMessage) {
        Object v = "null".equals(value) ? null : value;
        Map<String, Object> set = new java.util.HashMap<>();
        set.put(key, v);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Chart.helmTemplate(List.of(), set));
        assertTrue(e.getMessage().contains("schema") && e.getMessage().contains(expectedInMessage), e.getMessage());
    }
}
