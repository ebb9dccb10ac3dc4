package dev.convene.k8s;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Kubernetes API model (fabric8, generated from the Kubernetes OpenAPI) in strict mode: the
 * models' catch-all "additionalProperties" setters are removed, so a misspelt or misplaced field
 * anywhere in an object is an error, as is a wrong type. Only the kinds the chart may render
 * are known; their apiVersion must be the one the model declares.
 */
final class KubernetesModel {

    static final List<Class<? extends HasMetadata>> KINDS = List.of(
            ConfigMap.class, Secret.class, Service.class, ServiceAccount.class, PersistentVolumeClaim.class,
            Deployment.class, StatefulSet.class, DaemonSet.class,
            PodDisruptionBudget.class, HorizontalPodAutoscaler.class,
            Ingress.class, NetworkPolicy.class, ServiceMonitor.class);

    private static final Map<String, Class<? extends HasMetadata>> BY_KIND = KINDS.stream()
            .collect(Collectors.toMap(HasMetadata::getKind, Function.identity()));

    static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .registerModule(new SimpleModule("no-any-setter").setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                        BeanDeserializerBuilder builder) {
                    builder.setAnySetter(null);
                    builder.setIgnoreUnknownProperties(false);
                    return builder;
                }
            }));

    private KubernetesModel() {
    }

    /** The typed object; throws with the offending field path when the object is not valid. */
    static HasMetadata toTyped(Map<String, Object> object) {
        String kind = String.valueOf(object.get("kind"));
        Class<? extends HasMetadata> type = BY_KIND.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("kind " + kind + " is not one the chart may render " + BY_KIND.keySet());
        }
        String expected = HasMetadata.getApiVersion(type);
        if (!expected.equals(object.get("apiVersion"))) {
            throw new IllegalArgumentException(kind + ": apiVersion " + object.get("apiVersion") + ", expected " + expected);
        }
        return STRICT.convertValue(object, type);
    }
}
