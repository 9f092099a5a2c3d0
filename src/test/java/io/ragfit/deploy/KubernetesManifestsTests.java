package io.ragfit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.ragfit.results.live.LiveMetrics;
import io.ragfit.retrieval.RetrievalConfig;
import io.smallrye.config.WithDefault;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;

/**
 * The manifests under {@code k8s/}, offline: every overlay renders with {@code kubectl kustomize}, and every object
 * parses into its typed model (fabric8's for Kubernetes' own kinds, Strimzi's published API for Kafka's) with no
 * field the model does not know: a misspelt or misplaced field fails here, not in the cluster. The security
 * settings hang together: credentials come from Secrets, the Kafka and Elasticsearch principals hold exactly the
 * rights the service uses, and model requests and keys go to the in-cluster vLLM only (k8s/README.md, Security).
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
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));
    private static final Pattern METRIC = Pattern.compile("\\bragfit_\\w+");
    /** Operators whose schemas the project does not ship: only their identity and spec are checked. */
    private static final List<String> UNTYPED = List.of("elasticsearch.k8s.elastic.co/v1/Elasticsearch",
            "keda.sh/v1alpha1/ScaledObject", "keda.sh/v1alpha1/TriggerAuthentication");
    private static final List<String> OVERLAYS = List.of("dev", "prod");

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
    void shouldAlertOnLiveComparisonsAndProvisionADashboardThatNameOnlyMetricsTheServiceExports() throws Exception {
        List<JsonNode> prod = render(K8S.resolve("overlays/prod"));

        PrometheusRule rule = typed(prod, "PrometheusRule", "ragfit-live", PrometheusRule.class);
        List<Rule> rules = rule.getSpec().getGroups().stream().flatMap(group -> group.getRules().stream()).toList();
        assertThat(rules).extracting(Rule::getAlert)
                .containsExactlyInAnyOrder("RagfitCandidateWorse", "RagfitQualityDrift", "RagfitAnswerFailures");
        for (Rule alert : rules) {
            String expr = alert.getExpr().getStrVal();
            assertThat(exported(expr)).as(alert.getAlert()).isNotEmpty();
            assertThat(balanced(expr)).as("%s: parentheses of %s", alert.getAlert(), expr).isTrue();
            assertThat(alert.getLabels()).containsKey("severity");
            assertThat(alert.getAnnotations()).containsKey("summary");
            assertThat(alert.getFor()).isNotBlank();
        }

        ServiceMonitor monitor = typed(prod, "ServiceMonitor", "ragfit", ServiceMonitor.class);
        Service service = typed(prod, "Service", "ragfit", Service.class);
        assertThat(monitor.getSpec().getSelector().getMatchLabels()).isEqualTo(service.getMetadata().getLabels().entrySet()
                .stream().filter(label -> label.getKey().equals("app.kubernetes.io/name"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getPath()).isEqualTo("/q/metrics");
            assertThat(service.getSpec().getPorts()).anyMatch(port -> port.getName().equals(endpoint.getPort()));
            assertThat(endpoint.getAuthorization().getCredentials().getName()).isEqualTo("ragfit-metrics-token");
        });
        assertThat(typed(prod, "NetworkPolicy", "ragfit", NetworkPolicy.class).getSpec().getIngress().getFirst().getFrom())
                .anyMatch(peer -> peer.getNamespaceSelector() != null
                        && "monitoring".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")));

        ConfigMap dashboards = typed(prod, "ConfigMap", "ragfit-grafana-dashboards", ConfigMap.class);
        assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        JsonNode dashboard = JSON.readTree(dashboards.getData().get("ragfit-live.json"));
        assertThat(dashboard.path("uid").asText()).isEqualTo("ragfit-live");
        List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(variable -> variables.add(variable.path("name").asText()));
        assertThat(variables).contains("run", "datasource");
        assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(5);
        Set<String> shown = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertThat(panel.path("gridPos").path("w").asInt()).as(title).isPositive();
            assertThat(panel.path("targets").size()).as(title).isPositive();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(balanced(expr)).as("%s: parentheses of %s", title, expr).isTrue();
                assertThat(expr).as(title).contains("run=~\"$run\"");
                shown.addAll(exported(expr));
            }
        }
        assertThat(shown).contains("ragfit_live_decision", "ragfit_live_difference", "ragfit_live_drift_estimate",
                "ragfit_score", "ragfit_answer_latency_seconds", "ragfit_answer_failures_total");
    }

    /** The metric families an expression names, each required to be one the service exports. */
    private static Set<String> exported(String expr) {
        Set<String> families = new TreeSet<>();
        Matcher metric = METRIC.matcher(expr);
        while (metric.find()) {
            String name = metric.group();
            String family = LiveMetrics.NAMES.contains(name) ? name : name.replaceFirst("_(bucket|count|sum)$", "");
            assertThat(LiveMetrics.NAMES).as("%s in %s", name, expr).contains(family);
            families.add(family);
        }
        return families;
    }

    private static boolean balanced(String expr) {
        int depth = 0;
        for (char c : expr.toCharArray()) {
            depth += c == '(' || c == '{' || c == '[' ? 1 : c == ')' || c == '}' || c == ']' ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
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

    @Test
    void shouldAuthenticateRagfitOnKafkaWithScramAndGrantItExactlyTheTopicsAndGroupItUses() throws Exception {
        for (String overlay : OVERLAYS) {
            List<JsonNode> objects = render(K8S.resolve("overlays").resolve(overlay));
            Map<String, String> config = typed(objects, "ConfigMap", "ragfit-config", ConfigMap.class).getData();
            KafkaUser user = typed(objects, "KafkaUser", "ragfit", KafkaUser.class);
            Kafka kafka = typed(objects, "Kafka", user.getMetadata().getLabels().get("strimzi.io/cluster"), Kafka.class);

            assertThat(user.getSpec().getAuthentication()).as(overlay).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            assertThat(acls(user)).as("%s: ACLs of User:ragfit", overlay).isEqualTo(new TreeMap<>(Map.of(
                    "topic " + config.get("RAGFIT_QUESTIONS_TOPIC"), Set.of(AclOperation.READ, AclOperation.DESCRIBE),
                    "topic " + config.get("RAGFIT_ANSWERS_TOPIC"), Set.of(AclOperation.WRITE, AclOperation.DESCRIBE),
                    "topic " + config.get("RAGFIT_SCORES_TOPIC"), Set.of(AclOperation.WRITE, AclOperation.DESCRIBE),
                    "topic " + config.get("RAGFIT_DEAD_LETTER_TOPIC"), Set.of(AclOperation.WRITE, AclOperation.DESCRIBE),
                    "group " + config.get("RAGFIT_CONSUMER_GROUP"), Set.of(AclOperation.READ))));
            Set<String> topics = new TreeSet<>();
            for (JsonNode object : objects) {
                if (object.path("kind").asText().equals("KafkaTopic")) {
                    topics.add(object.path("metadata").path("name").asText());
                }
            }
            assertThat(topics).as("%s: the topics ragfit is granted exist", overlay).containsExactlyInAnyOrder(
                    config.get("RAGFIT_QUESTIONS_TOPIC"), config.get("RAGFIT_ANSWERS_TOPIC"), config.get("RAGFIT_SCORES_TOPIC"),
                    config.get("RAGFIT_DEAD_LETTER_TOPIC"));

            String bootstrap = config.get("KAFKA_BOOTSTRAP_SERVERS");
            assertThat(bootstrap).startsWith(kafka.getMetadata().getName() + "-kafka-bootstrap:");
            int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
            GenericKafkaListener listener = kafka.getSpec().getKafka().getListeners().stream()
                    .filter(candidate -> candidate.getPort() == port).findFirst().orElseThrow();
            assertThat(listener.getAuth()).as("%s: authentication on the listener ragfit uses", overlay)
                    .isInstanceOf(KafkaListenerAuthenticationScramSha512.class);
            assertThat(config.get("KAFKA_SECURITY_PROTOCOL")).isEqualTo(listener.isTls() ? "SASL_SSL" : "SASL_PLAINTEXT");
            assertThat(config.get("KAFKA_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
            assertThat(kafka.getSpec().getKafka().getAuthorization()).as(overlay).isInstanceOf(KafkaAuthorizationSimple.class);
            assertThat(kafka.getSpec().getEntityOperator().getUserOperator()).as("%s: the User Operator runs", overlay).isNotNull();
        }
    }

    @Test
    void shouldGiveTheServiceItsCredentialsFromSecretsAndNoSecretInItsConfigMap() throws Exception {
        for (String overlay : OVERLAYS) {
            List<JsonNode> objects = render(K8S.resolve("overlays").resolve(overlay));
            Container container = ragfitContainer(objects);
            Map<String, String> config = typed(objects, "ConfigMap", "ragfit-config", ConfigMap.class).getData();

            URI realm = URI.create(config.get("RAGFIT_OIDC_URL"));
            assertThat(realm.getScheme()).isEqualTo("https");
            assertThat(realm.getPath()).startsWith("/realms/");
            assertThat(config).containsEntry("RAGFIT_OIDC_AUDIENCE", "ragfit").containsEntry("RAGFIT_OIDC_ROLES_CLAIM",
                    "realm_access/roles").containsKey("RAGFIT_OIDC_WEB_CLIENT");
            assertThat(secretRef(container, "RAGFIT_OIDC_WEB_SECRET").getKey()).isEqualTo("web-client-secret");

            SecretKeySelector jaas = secretRef(container, "KAFKA_SASL_JAAS_CONFIG");
            assertThat(jaas.getName()).as("%s: Strimzi's Secret of KafkaUser ragfit", overlay)
                    .isEqualTo(typed(objects, "KafkaUser", "ragfit", KafkaUser.class).getMetadata().getName());
            assertThat(jaas.getKey()).isEqualTo("sasl.jaas.config");

            SecretKeySelector username = secretRef(container, "QUARKUS_ELASTICSEARCH_USERNAME");
            SecretKeySelector password = secretRef(container, "QUARKUS_ELASTICSEARCH_PASSWORD");
            assertThat(username.getName()).isEqualTo(password.getName()).isNotEqualTo("ragfit-es-es-elastic-user");
            assertThat(List.of(username.getKey(), password.getKey())).containsExactly("username", "password");

            assertThat(config.keySet()).as("%s: nothing secret in the ConfigMap", overlay)
                    .noneMatch(key -> key.matches(".*(PASSWORD|SECRET|JAAS|TOKEN|API_KEY).*"))
                    .doesNotContain("QUARKUS_ELASTICSEARCH_USERNAME");
        }
        for (JsonNode object : render(K8S.resolve("overlays/prod"))) {
            if (object.path("kind").asText().equals("Secret")) {
                Secret secret = JSON.treeToValue(object, Secret.class);
                Set<String> keys = new TreeSet<>();
                keys.addAll(secret.getData() == null ? Set.of() : secret.getData().keySet());
                keys.addAll(secret.getStringData() == null ? Set.of() : secret.getStringData().keySet());
                assertThat(keys).as("prod ships no secret value: %s", secret.getMetadata().getName())
                        .noneMatch(key -> key.matches("(?i).*(password|secret|api-key|token|jaas).*"));
            }
        }
    }

    @Test
    void shouldSendModelRequestsAndTheVllmKeyOnlyToTheInClusterVllm() throws Exception {
        for (String overlay : OVERLAYS) {
            List<JsonNode> objects = render(K8S.resolve("overlays").resolve(overlay));
            Container container = ragfitContainer(objects);
            Deployment ragfit = typed(objects, "Deployment", "ragfit", Deployment.class);
            Map<String, String> config = typed(objects, "ConfigMap", "ragfit-config", ConfigMap.class).getData();
            Service vllm = typed(objects, "Service", "vllm", Service.class);
            String namespace = vllm.getMetadata().getNamespace();
            List<String> vllmHosts = List.of("vllm", "vllm." + namespace + ".svc", "vllm." + namespace + ".svc.cluster.local");

            List<String> allowed = list(config.get("RAGFIT_OUTBOUND_ALLOWED_HOSTS"));
            assertThat(allowed).as(overlay).containsAll(vllmHosts);
            for (String host : allowed) {
                if (host.contains(".svc")) {
                    String[] parts = host.split("\\.");
                    assertThat(typed(objects, "Service", parts[0], Service.class).getMetadata().getNamespace())
                            .as("%s: %s names a Service of this namespace", overlay, host).isEqualTo(parts[1]);
                }
            }
            assertThat(list(config.get("RAGFIT_OUTBOUND_ALLOWED_CIDRS"))).as(overlay).isNotEmpty()
                    .allMatch(cidr -> cidr.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}"));

            ConfigMap file = typed(objects, "ConfigMap", "ragfit-properties", ConfigMap.class);
            assertThat(mount(container, ragfit, "/deployments/config").getConfigMap().getName())
                    .isEqualTo(file.getMetadata().getName());
            Properties properties = new Properties();
            properties.load(new StringReader(file.getData().get("application.properties")));
            assertThat(properties.getProperty("ragfit.secrets.vllm.hosts")).as(overlay).isNotNull();
            List<String> keyHosts = list(properties.getProperty("ragfit.secrets.vllm.hosts"));
            assertThat(keyHosts).as("%s: the vLLM key goes to vLLM only", overlay).containsExactlyInAnyOrderElementsOf(vllmHosts);
            String from = properties.getProperty("ragfit.secrets.vllm.from");
            assertThat(from).startsWith("file:/var/run/secrets/ragfit/");
            Path keyFile = Path.of(from.substring("file:".length()));
            Volume keyVolume = mount(container, ragfit, keyFile.getParent().toString());
            SecretKeySelector served = secretRef(typed(objects, "Deployment", "vllm", Deployment.class).getSpec().getTemplate()
                    .getSpec().getContainers().getFirst(), "VLLM_API_KEY");
            assertThat(keyVolume.getSecret().getSecretName()).as("%s: ragfit sends the key vLLM requires", overlay)
                    .isEqualTo(served.getName());
            assertThat(keyFile.getFileName().toString()).isEqualTo(served.getKey());
            for (String name : properties.stringPropertyNames()) {
                assertThat(name).as("%s: the properties file holds named secrets", overlay)
                        .matches("ragfit\\.secrets\\.[A-Za-z0-9._-]+\\.(from|hosts)");
                if (name.endsWith(".from")) {
                    assertThat(properties.getProperty(name)).as("%s: %s", overlay, name).matches("(file:/|env:).+");
                }
                if (name.endsWith(".hosts")) {
                    assertThat(allowed).as("%s: %s", overlay, name).containsAll(list(properties.getProperty(name)));
                }
            }
        }
    }

    @Test
    void shouldSignInToElasticsearchAsAUserWhoseRoleCoversOnlyTheCorpusIndices() throws Exception {
        for (String overlay : OVERLAYS) {
            List<JsonNode> objects = render(K8S.resolve("overlays").resolve(overlay));
            Container container = ragfitContainer(objects);
            Map<String, String> config = typed(objects, "ConfigMap", "ragfit-config", ConfigMap.class).getData();
            JsonNode auth = objects.stream().filter(object -> object.path("kind").asText().equals("Elasticsearch"))
                    .findFirst().orElseThrow().path("spec").path("auth");
            String user = secretRef(container, "QUARKUS_ELASTICSEARCH_USERNAME").getName();
            assertThat(auth.path("fileRealm").findValuesAsText("secretName")).as(overlay).containsExactly(user);
            List<String> roleSecrets = auth.path("roles").findValuesAsText("secretName");
            assertThat(roleSecrets).as(overlay).hasSize(1);

            Secret roles = typed(objects, "Secret", roleSecrets.getFirst(), Secret.class);
            JsonNode role = new YAMLMapper().readTree(roles.getStringData().get("roles.yml"));
            assertThat(role.size()).as("%s: one role", overlay).isEqualTo(1);
            String roleName = role.fieldNames().next();
            JsonNode privileges = role.get(roleName);
            assertThat(texts(privileges.path("cluster"))).containsExactly("monitor");
            assertThat(privileges.path("indices")).hasSize(1);
            String prefix = config.getOrDefault("RAGFIT_RETRIEVAL_INDEX_PREFIX",
                    RetrievalConfig.class.getMethod("indexPrefix").getAnnotation(WithDefault.class).value());
            assertThat(texts(privileges.path("indices").get(0).path("names"))).containsExactly(prefix + "*");
            assertThat(texts(privileges.path("indices").get(0).path("privileges"))).containsExactlyInAnyOrder(
                    "create_index", "view_index_metadata", "index", "read", "maintenance", "delete_index");

            if (overlay.equals("dev")) {
                Secret generated = typed(objects, "Secret", user, Secret.class);
                assertThat(generated.getType()).isEqualTo("kubernetes.io/basic-auth");
                assertThat(new String(Base64.getDecoder().decode(generated.getData().get("roles")),
                        StandardCharsets.UTF_8)).isEqualTo(roleName);
            }
        }
    }

    @Test
    void shouldLetTheServiceTalkOnlyToItsBackendsAndDns() throws Exception {
        for (String overlay : OVERLAYS) {
            List<JsonNode> objects = render(K8S.resolve("overlays").resolve(overlay));
            List<NetworkPolicyEgressRule> egress = typed(objects, "NetworkPolicy", "ragfit", NetworkPolicy.class).getSpec()
                    .getEgress();
            assertThat(egress).as("%s: no egress rule opens every port", overlay)
                    .allMatch(rule -> rule.getPorts() != null && !rule.getPorts().isEmpty());
            Set<String> allowed = new TreeSet<>();
            for (NetworkPolicyEgressRule rule : egress) {
                for (NetworkPolicyPort port : rule.getPorts()) {
                    if (rule.getTo() == null || rule.getTo().isEmpty()) {
                        allowed.add("any:" + port.getPort().getIntVal());
                    }
                    for (NetworkPolicyPeer peer : rule.getTo() == null ? List.<NetworkPolicyPeer>of() : rule.getTo()) {
                        String selector = peer.getIpBlock() != null ? "addresses " + peer.getIpBlock().getCidr()
                                : peer.getNamespaceSelector() != null ? "namespace " + peer.getNamespaceSelector().getMatchLabels()
                                : String.valueOf(peer.getPodSelector().getMatchLabels());
                        allowed.add(selector + ":" + port.getPort().getIntVal());
                    }
                }
            }
            String kafka = typed(objects, "KafkaUser", "ragfit", KafkaUser.class).getMetadata().getLabels().get("strimzi.io/cluster");
            String vllm = String.valueOf(typed(objects, "Deployment", "vllm", Deployment.class).getSpec().getTemplate()
                    .getMetadata().getLabels());
            String elasticsearch = objects.stream().filter(object -> object.path("kind").asText().equals("Elasticsearch"))
                    .findFirst().orElseThrow().path("metadata").path("name").asText();
            assertThat(allowed).as(overlay).containsExactlyInAnyOrder("any:53",
                    "{strimzi.io/cluster=" + kafka + "}:9092",
                    "{elasticsearch.k8s.elastic.co/cluster-name=" + elasticsearch + "}:9200",
                    "{app.kubernetes.io/name=ragfit-postgres}:5432",
                    vllm + ":8000",
                    "namespace {kubernetes.io/metadata.name=keycloak}:8443",
                    "namespace {kubernetes.io/metadata.name=keycloak}:8080");
        }
    }

    @Test
    void shouldLetKedaReadTheConsumerLagAsAPrincipalThatMayOnlyDescribe() throws Exception {
        List<JsonNode> prod = render(K8S.resolve("overlays/prod"));
        JsonNode trigger = prod.stream().filter(object -> object.path("kind").asText().equals("ScaledObject")).findFirst()
                .orElseThrow().path("spec").path("triggers").get(0);
        String authentication = trigger.path("authenticationRef").path("name").asText();
        JsonNode refs = prod.stream().filter(object -> object.path("kind").asText().equals("TriggerAuthentication")
                && object.path("metadata").path("name").asText().equals(authentication)).findFirst().orElseThrow()
                .path("spec").path("secretTargetRef");
        Map<String, String> parameters = new TreeMap<>();
        for (JsonNode ref : refs) {
            String value;
            if (ref.path("parameter").asText().equals("password")) {
                value = "secret " + ref.path("name").asText() + "/" + ref.path("key").asText();
            } else {
                value = typed(prod, "Secret", ref.path("name").asText(), Secret.class).getStringData().get(ref.path("key").asText());
            }
            parameters.put(ref.path("parameter").asText(), value);
        }
        assertThat(parameters).containsEntry("sasl", "scram_sha512").containsKeys("username", "password");
        KafkaUser keda = typed(prod, "KafkaUser", parameters.get("username"), KafkaUser.class);
        assertThat(parameters.get("password")).as("Strimzi's Secret of the KafkaUser")
                .isEqualTo("secret " + keda.getMetadata().getName() + "/password");
        assertThat(keda.getSpec().getAuthentication()).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
        assertThat(acls(keda)).isEqualTo(new TreeMap<>(Map.of(
                "topic " + trigger.path("metadata").path("topic").asText(), Set.of(AclOperation.DESCRIBE),
                "group " + trigger.path("metadata").path("consumerGroup").asText(), Set.of(AclOperation.DESCRIBE))));
    }

    /** A user's ACLs as "topic NAME" / "group NAME" to operations; only literal allow rules are accepted. */
    private static Map<String, Set<AclOperation>> acls(KafkaUser user) {
        assertThat(user.getSpec().getAuthorization()).isInstanceOf(KafkaUserAuthorizationSimple.class);
        Map<String, Set<AclOperation>> acls = new TreeMap<>();
        for (AclRule rule : ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
            assertThat(rule.getType()).isIn(null, AclRuleType.ALLOW);
            assertThat(rule.getOperation()).as("the deprecated single operation").isNull();
            String resource = switch (rule.getResource()) {
                case AclRuleTopicResource topic -> {
                    assertThat(topic.getPatternType()).isIn(null, AclResourcePatternType.LITERAL);
                    yield "topic " + topic.getName();
                }
                case AclRuleGroupResource group -> {
                    assertThat(group.getPatternType()).isIn(null, AclResourcePatternType.LITERAL);
                    yield "group " + group.getName();
                }
                default -> "other " + rule.getResource().getType();
            };
            assertThat(acls.put(resource, new HashSet<>(rule.getOperations()))).as("one rule for %s", resource).isNull();
        }
        return acls;
    }

    private static Container ragfitContainer(List<JsonNode> objects) throws IOException {
        return typed(objects, "Deployment", "ragfit", Deployment.class).getSpec().getTemplate().getSpec().getContainers()
                .getFirst();
    }

    /** The Secret key an environment variable is read from: never a literal value. */
    private static SecretKeySelector secretRef(Container container, String name) {
        EnvVar variable = container.getEnv().stream().filter(candidate -> candidate.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
        assertThat(variable.getValue()).as("%s is no literal", name).isNull();
        assertThat(variable.getValueFrom().getSecretKeyRef()).as("%s comes from a Secret", name).isNotNull();
        assertThat(variable.getValueFrom().getSecretKeyRef().getOptional()).as("%s is required", name).isNotEqualTo(true);
        return variable.getValueFrom().getSecretKeyRef();
    }

    /** The volume mounted read-only at the path. */
    private static Volume mount(Container container, Deployment deployment, String path) {
        VolumeMount mount = container.getVolumeMounts().stream().filter(candidate -> candidate.getMountPath().equals(path))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + path));
        assertThat(mount.getReadOnly()).as("%s read-only", path).isTrue();
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getName().equals(mount.getName())).findFirst().orElseThrow();
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
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
