package dev.convene.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** coturn (hostNetwork DaemonSet) and the Janus pool (StatefulSet + headless Service). */
class MediaTest {

    @Test
    void theJanusPoolIsAStatefulSetWithStableNamesThatSignalingAddresses() {
        Rendered r = Chart.Variant.MULTI_NODE.render();
        Map<String, Object> sts = r.one("StatefulSet", "convene-janus");
        assertEquals(3, Yaml.get(sts, "spec.replicas"));
        assertEquals("convene-janus", Yaml.str(sts, "spec.serviceName"));
        Map<String, Object> headless = r.one("Service", "convene-janus");
        assertEquals("None", Yaml.str(headless, "spec.clusterIP"));
        assertEquals(Boolean.TRUE, Yaml.get(Yaml.podSpec(sts), "hostNetwork"));
        assertEquals("ClusterFirstWithHostNet", Yaml.get(Yaml.podSpec(sts), "dnsPolicy"));
        // one Janus per node: its ports and the node's public address are its own
        Map<String, Object> term = Yaml.list(Yaml.podSpec(sts), "affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution").get(0);
        assertEquals("kubernetes.io/hostname", term.get("topologyKey"));
        assertEquals(Map.of("convene.dev/media", "true"), Yaml.map(Yaml.podSpec(sts), "nodeSelector"));

        Map<String, Object> signaling = Yaml.map(r.one("ConfigMap", "convene-signaling-service"), "data");
        assertEquals("ws://convene-janus-0.convene-janus.convene.svc:8188/,ws://convene-janus-1.convene-janus.convene.svc:8188/,"
                + "ws://convene-janus-2.convene-janus.convene.svc:8188/", signaling.get("CONVENE_JANUS_URLS"));
    }

    @Test
    void janusConfigurationComesFromAConfigMapAndItsSecretsFromASecret() {
        Rendered r = Chart.Variant.DEFAULT.render();
        Map<String, Object> data = Yaml.map(r.one("ConfigMap", "convene-janus"), "data");
        String janus = String.valueOf(data.get("janus.jcfg"));
        assertTrue(janus.contains("rtp_port_range = \"20000-29999\""), janus);
        assertTrue(janus.contains("api_secret = \"@API_SECRET@\""), "placeholder, filled in at start");
        assertTrue(String.valueOf(data.get("janus.plugin.videoroom.jcfg")).contains("admin_key = \"@ADMIN_KEY@\""));
        assertTrue(String.valueOf(data.get("janus.transport.websockets.jcfg")).contains("ws_port = 8188"));
        assertTrue(String.valueOf(data.get("start.sh")).contains("nat_1_1_mapping"));
        Map<String, Object> pod = Yaml.podSpec(r.one("StatefulSet", "convene-janus"));
        assertTrue(Yaml.list(pod, "volumes").stream().anyMatch(v -> "convene-janus".equals(Yaml.str(v, "secret.secretName"))));
        assertTrue(Yaml.list(pod, "volumes").stream().anyMatch(v -> "convene-media-public-ips".equals(Yaml.str(v, "configMap.name"))));
    }

    @Test
    void coturnIsAHostNetworkDaemonSetOnTheMediaNodesWithItsSecretFromASecret() {
        Rendered r = Chart.Variant.MULTI_NODE.render();
        Map<String, Object> ds = r.one("DaemonSet", "convene-coturn");
        Map<String, Object> pod = Yaml.podSpec(ds);
        assertEquals(Boolean.TRUE, pod.get("hostNetwork"));
        assertEquals(Map.of("convene.dev/media", "true"), Yaml.map(pod, "nodeSelector"));
        assertEquals("NoSchedule", Yaml.str(Yaml.list(pod, "tolerations").get(0), "effect"));
        assertTrue(Yaml.list(pod, "volumes").stream().anyMatch(v -> "convene-turn".equals(Yaml.str(v, "secret.secretName"))));
        String conf = String.valueOf(Yaml.map(r.one("ConfigMap", "convene-coturn"), "data").get("turnserver.conf"));
        for (String line : List.of("use-auth-secret", "realm=convene", "min-port=49160", "max-port=49999", "denied-peer-ip=10.0.0.0-10.255.255.255")) {
            assertTrue(conf.contains(line + "\n"), "turnserver.conf: " + line);
        }
        assertFalse(conf.contains("static-auth-secret="), "the secret is appended at start, from the Secret");
        Map<String, Object> ips = Yaml.map(r.one("ConfigMap", "convene-media-public-ips"), "data");
        assertEquals(Map.of("media-a", "203.0.113.11", "media-b", "203.0.113.12", "media-c", "203.0.113.13"), ips);
        Map<String, Object> signaling = Yaml.map(r.one("ConfigMap", "convene-signaling-service"), "data");
        assertEquals("stun:turn.meet.example.com:3478,turn:turn.meet.example.com:3478?transport=udp,turn:turn.meet.example.com:3478?transport=tcp",
                signaling.get("CONVENE_TURN_URLS"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Chart.Variant.class)
    void mediaPortRangesAreDisjointAndOutsideTheNodePortRange(Chart.Variant variant) {
        Rendered r = variant.render();
        String janus = String.valueOf(Yaml.map(r.one("ConfigMap", "convene-janus"), "data").get("janus.jcfg"));
        java.util.regex.Matcher jm = java.util.regex.Pattern.compile("rtp_port_range = \"(\\d+)-(\\d+)\"").matcher(janus);
        assertTrue(jm.find(), "janus rtp_port_range");
        String coturn = String.valueOf(Yaml.map(r.one("ConfigMap", "convene-coturn"), "data").get("turnserver.conf"));
        java.util.regex.Matcher cmin = java.util.regex.Pattern.compile("min-port=(\\d+)").matcher(coturn);
        java.util.regex.Matcher cmax = java.util.regex.Pattern.compile("max-port=(\\d+)").matcher(coturn);
        assertTrue(cmin.find() && cmax.find(), "coturn relay range");
        int[][] ranges = {{Integer.parseInt(jm.group(1)), Integer.parseInt(jm.group(2))},
                {Integer.parseInt(cmin.group(1)), Integer.parseInt(cmax.group(1))}, {30000, 32767}};
        for (int i = 0; i < ranges.length; i++) {
            assertTrue(ranges[i][0] <= ranges[i][1], "range " + i);
            for (int j = i + 1; j < ranges.length; j++) {
                assertTrue(ranges[i][1] < ranges[j][0] || ranges[j][1] < ranges[i][0],
                        "port ranges overlap: " + java.util.Arrays.toString(ranges[i]) + " " + java.util.Arrays.toString(ranges[j]));
            }
        }
    }

    @Test
    void recordingsAreOffUntilTheirFoldersOrAVolumeAreGiven() {
        Rendered r = Chart.Variant.DEFAULT.render();
        assertTrue(r.all("PersistentVolumeClaim").isEmpty());
        Map<String, Object> env = Yaml.map(r.one("ConfigMap", "convene-signaling-service"), "data");
        assertEquals("", env.get("CONVENE_JANUS_RECORDING_DIR"));
        assertEquals("", env.get("CONVENE_RECORDING_DIR"));
        assertFalse(volumeNames(Yaml.podSpec(r.one("StatefulSet", "convene-janus"))).contains("recordings"));
        assertFalse(volumeNames(Yaml.podSpec(r.one("Deployment", "convene-signaling-service"))).contains("recordings"));
    }

    @Test
    void aRecordingsVolumeTheChartMakesIsSharedByJanusAndEverySignalingReplica() {
        Rendered r = AllFeatures.render(); // volume.create, storageClass cephfs, 100Gi, folders left empty
        Map<String, Object> pvc = r.one("PersistentVolumeClaim", "convene-recordings");
        assertEquals(List.of("ReadWriteMany"), Yaml.get(pvc, "spec.accessModes"), "Janus and signaling run on different nodes");
        assertEquals("cephfs", Yaml.str(pvc, "spec.storageClassName"));
        assertEquals("100Gi", Yaml.str(pvc, "spec.resources.requests.storage"));
        assertEquals("keep", Yaml.map(pvc, "metadata.annotations").get("helm.sh/resource-policy"), "recordings outlive an uninstall");
        for (Map<String, Object> workload : List.of(r.one("StatefulSet", "convene-janus"), r.one("Deployment", "convene-signaling-service"))) {
            Map<String, Object> pod = Yaml.podSpec(workload);
            assertTrue(Yaml.list(pod, "volumes").stream().anyMatch(v -> "recordings".equals(v.get("name"))
                    && "convene-recordings".equals(Yaml.str(v, "persistentVolumeClaim.claimName"))), String.valueOf(pod.get("volumes")));
            assertTrue(Yaml.list(Yaml.list(pod, "containers").get(0), "volumeMounts").stream()
                    .anyMatch(m -> "recordings".equals(m.get("name")) && "/recordings".equals(m.get("mountPath"))));
        }
        for (String other : List.of("convene-auth-service", "convene-room-service", "convene-chat-service", "convene-web-ui")) {
            assertFalse(volumeNames(Yaml.podSpec(r.one("Deployment", other))).contains("recordings"), other);
        }
        Map<String, Object> env = Yaml.map(r.one("ConfigMap", "convene-signaling-service"), "data");
        assertEquals("/recordings/janus", env.get("CONVENE_JANUS_RECORDING_DIR"), "Janus' rec_dir: the same path in both pods");
        assertEquals("/recordings/processed", env.get("CONVENE_RECORDING_DIR"));
    }

    @Test
    void aRecordingsVolumeOfYourOwnIsMountedAndNotCreated() {
        Rendered r = Chart.render(List.of(), Map.of("janus.recording.volume.claimName", "team-nfs",
                "janus.recording.volume.mountPath", "/data/rec", "janus.recording.dir", "/data/rec/out"));
        assertTrue(r.all("PersistentVolumeClaim").isEmpty());
        Map<String, Object> pod = Yaml.podSpec(r.one("Deployment", "convene-signaling-service"));
        assertTrue(Yaml.list(pod, "volumes").stream().anyMatch(v -> "team-nfs".equals(Yaml.str(v, "persistentVolumeClaim.claimName"))));
        Map<String, Object> env = Yaml.map(r.one("ConfigMap", "convene-signaling-service"), "data");
        assertEquals("/data/rec/janus", env.get("CONVENE_JANUS_RECORDING_DIR"));
        assertEquals("/data/rec/out", env.get("CONVENE_RECORDING_DIR"), "a folder given stays as given");
    }

    private static List<Object> volumeNames(Map<String, Object> pod) {
        return Yaml.list(pod, "volumes").stream().map(v -> v.get("name")).toList();
    }

    @Test
    void inClusterDataStoresAreStatefulSetsOnlyWhenAskedFor() {
        Rendered external = Chart.Variant.DEFAULT.render();
        assertFalse(external.has("StatefulSet", "convene-postgresql"));
        assertFalse(external.has("StatefulSet", "convene-redis"));
        Map<String, Object> auth = Yaml.map(external.one("ConfigMap", "convene-auth-service"), "data");
        assertEquals("jdbc:postgresql://postgresql.example.internal:5432/convene_auth?sslmode=require", auth.get("CONVENE_DB_URL"));
        assertEquals("redis://redis.example.internal:6379", auth.get("CONVENE_REDIS_URL"));

        Rendered internal = Chart.Variant.SINGLE_NODE.render();
        Map<String, Object> pg = internal.one("StatefulSet", "convene-postgresql");
        assertEquals("data", Yaml.str(Yaml.list(pg, "spec.volumeClaimTemplates").get(0), "metadata.name"));
        internal.one("StatefulSet", "convene-redis");
        Map<String, Object> chat = Yaml.map(internal.one("ConfigMap", "convene-chat-service"), "data");
        assertEquals("jdbc:postgresql://convene-postgresql.convene.svc:5432/convene_chat?sslmode=disable", chat.get("CONVENE_DB_URL"));
        assertEquals("redis://convene-redis.convene.svc:6379", chat.get("CONVENE_REDIS_URL"));
        assertEquals("rediss://convene-redis.example.internal:6379",
                Yaml.map(Chart.Variant.MULTI_NODE.render().one("ConfigMap", "convene-chat-service"), "data").get("CONVENE_REDIS_URL"));
        // verify-full: the database CA is mounted and named in the JDBC URL
        Rendered multi = Chart.Variant.MULTI_NODE.render();
        assertEquals("jdbc:postgresql://convene-db.postgres.example.internal:5432/convene_room?sslmode=verify-full"
                + "&sslrootcert=/etc/convene/secrets/db-ca/ca.crt",
                Yaml.map(multi.one("ConfigMap", "convene-room-service"), "data").get("CONVENE_DB_URL"));
        for (String app : List.of("auth-service", "room-service", "chat-service")) {
            assertTrue(Yaml.list(Yaml.podSpec(multi.one("Deployment", "convene-" + app)), "volumes").stream()
                    .anyMatch(v -> "convene-db-ca".equals(Yaml.str(v, "secret.secretName"))), app + " mounts the database CA");
        }
    }

    @Test
    void aServiceMonitorIsRenderedWhenTheCrdExistsOrWhenForced() {
        // offline renders have no monitoring.coreos.com/v1 in their capabilities: mode auto renders none
        assertEquals(List.of(), Chart.Variant.MULTI_NODE.render().all("ServiceMonitor"));
        Map<String, Object> sm = AllFeatures.render().all("ServiceMonitor").get(0);
        assertEquals("/q/metrics", Yaml.str(Yaml.list(sm, "spec.endpoints").get(0), "path"));
        assertEquals("http", Yaml.str(Yaml.list(sm, "spec.endpoints").get(0), "port"));
        String template = Chart.read(Chart.CHART.resolve("templates/servicemonitor.yaml"));
        assertTrue(template.contains(".Capabilities.APIVersions.Has \"monitoring.coreos.com/v1/ServiceMonitor\""));
    }
}
