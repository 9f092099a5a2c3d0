package io.ragfit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * The manifests under {@code k8s/}, offline: every overlay renders with {@code kubectl kustomize}, and every object
 * parses into its typed model (fabric8's for Kubernetes' own kinds, Strimzi's published API for Kafka's) with no
 * field the model does not know: a misspelt or misplaced field fails here, not in the cluster.
 */
class KubernetesManifestsTests {

    private static final Path K8S = Path.of("k8s");
    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final Map<String, Class<?>> TYPED = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class));
    /** Operators whose schemas the project does not ship: only their identity and spec are checked. */
    private static final List<String> UNTYPED = List.of("elasticsearch.k8s.elastic.co/v1/Elasticsearch",
            "keda.sh/v1alpha1/ScaledObject");

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void shouldRenderEveryOverlayIntoObjectsThatParseWithNoUnknownField(String overlay) throws Exception {
        List<JsonNode> objects = render(K8S.resolve("overlays").resolve(overlay));

        assertThat(objects).hasSizeGreaterThan(10);
        for (JsonNode object : objects) {
            check(object);
        }
    }

    @Test
    void shouldRunTheServiceAsAHardenedDeploymentWithHealthProbes() throws Exception {
        for (String overlay : List.of("dev", "prod")) {
            Deployment ragfit = typed(render(K8S.resolve("overlays").resolve(overlay)), "Deployment", "ragfit", Deployment.class);
            Container container = ragfit.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(ragfit.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKey("memory");
            assertThat(container.getEnvFrom()).extracting(source -> source.getConfigMapRef() != null ? "configMap" : "secret")
                    .containsExactlyInAnyOrder("configMap", "secret");
            assertThat(container.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
        }
    }

    @Test
    void shouldScaleProductionOnConsumerLagAndDevelopmentOnCpu() throws Exception {
        List<JsonNode> prod = render(K8S.resolve("overlays/prod"));
        List<JsonNode> dev = render(K8S.resolve("overlays/dev"));

        assertThat(prod).noneMatch(object -> object.path("kind").asText().equals("HorizontalPodAutoscaler"));
        JsonNode scaled = prod.stream().filter(object -> object.path("kind").asText().equals("ScaledObject")).findFirst()
                .orElseThrow();
        JsonNode kafka = scaled.path("spec").path("triggers").get(0);
        assertThat(kafka.path("type").asText()).isEqualTo("kafka");
        assertThat(kafka.path("metadata").path("consumerGroup").asText()).isEqualTo("ragfit");
        assertThat(kafka.path("metadata").path("topic").asText()).isEqualTo("ragfit.questions");
        int partitions = prod.stream().filter(object -> object.path("kind").asText().equals("KafkaTopic")
                && object.path("metadata").path("name").asText().equals("ragfit.questions")).findFirst().orElseThrow()
                .path("spec").path("partitions").asInt();
        assertThat(scaled.path("spec").path("maxReplicaCount").asInt()).as("no more instances than partitions")
                .isLessThanOrEqualTo(partitions);
        assertThat(dev).anyMatch(object -> object.path("kind").asText().equals("HorizontalPodAutoscaler"));
        assertThat(dev).noneMatch(object -> object.path("kind").asText().equals("ScaledObject"));
    }

    @Test
    void shouldServeLoraAdaptersOnAGpuAndShipTheFineTuningJobTemplate() throws Exception {
        Deployment vllm = typed(render(K8S.resolve("overlays/prod")), "Deployment", "vllm", Deployment.class);
        Container server = vllm.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(server.getArgs()).contains("--enable-lora");
        assertThat(server.getResources().getLimits()).containsKey("nvidia.com/gpu");

        List<JsonNode> template = YAMLMapper.builder().build().readValues(new YAMLFactory()
                .createParser(K8S.resolve("templates/fine-tuning-job.yaml").toFile()), JsonNode.class).readAll();
        assertThat(template).hasSize(1);
        check(template.getFirst());
        Job job = JSON.treeToValue(template.getFirst(), Job.class);
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().getFirst().getCommand()).startsWith("trl", "sft");
    }

    private static List<JsonNode> render(Path overlay) throws IOException, InterruptedException {
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(false).start();
        byte[] output = kubectl.getInputStream().readAllBytes();
        String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as("kubectl kustomize %s: %s", overlay, errors).isZero();
        return new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(output).readAll().stream()
                .filter(node -> !node.isNull() && !node.isMissingNode()).toList();
    }

    private static <T> T typed(List<JsonNode> objects, String kind, String name, Class<T> type) throws IOException {
        JsonNode object = objects.stream().filter(candidate -> candidate.path("kind").asText().equals(kind)
                && candidate.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow();
        return JSON.treeToValue(object, type);
    }

    private static void check(JsonNode object) throws Exception {
        String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String name = key + " " + object.path("metadata").path("name").asText();
        assertThat(object.path("metadata").path("name").asText()).as("%s has a name", key).isNotBlank();
        Class<?> type = TYPED.get(key);
        if (type == null) {
            assertThat(UNTYPED).as("%s: a kind the test knows", name).contains(key);
            assertThat(object.path("spec").isObject()).as("%s has a spec", name).isTrue();
            return;
        }
        List<String> unknown = new ArrayList<>();
        unknownFields(JSON.treeToValue(object, type), name, unknown);
        assertThat(unknown).as("fields %s does not know", type.getSimpleName()).isEmpty();
    }

    /** Walks a fabric8 or Strimzi model object: whatever landed in an additionalProperties map is a field the model does not know. */
    private static void unknownFields(Object value, String path, List<String> unknown)
            throws IllegalAccessException, InvocationTargetException {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                unknownFields(entry.getValue(), path + "." + entry.getKey(), unknown);
            }
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            Object property = getter.invoke(value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
                continue;
            }
            unknownFields(property, path + "." + property(getter), unknown);
        }
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
