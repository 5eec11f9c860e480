package io.castellan.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes and the Dockerfile agree with the configuration the nodes run with
 * (kubernetes.conf): there is no Kubernetes here to apply them to, so this is their check.
 */
class KubernetesManifestsTest {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final Path MANIFESTS = ROOT.resolve("deploy/kubernetes");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Every document of every manifest the kustomization lists, by kind and name. */
  private static Map<String, JsonNode> resources() throws IOException {
    Map<String, JsonNode> resources = new HashMap<>();
    JsonNode kustomization = YAML.readTree(MANIFESTS.resolve("kustomization.yaml").toFile());
    for (JsonNode file : kustomization.path("resources")) {
      try (MappingIterator<JsonNode> documents =
          YAML.readerFor(JsonNode.class).readValues(MANIFESTS.resolve(file.asText()).toFile())) {
        while (documents.hasNext()) {
          JsonNode document = documents.next();
          if (document != null && !document.isEmpty()) {
            resources.put(
                document.path("kind").asText()
                    + "/"
                    + document.path("metadata").path("name").asText(),
                document);
          }
        }
      }
    }
    return resources;
  }

  private static Config kubernetesConfig() {
    return ConfigFactory.load("kubernetes.conf");
  }

  private static JsonNode container(Map<String, JsonNode> resources) {
    return resources
        .get("Deployment/castellan")
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .get(0);
  }

  private static Map<String, Integer> ports(JsonNode container) {
    Map<String, Integer> ports = new HashMap<>();
    container
        .path("ports")
        .forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    return ports;
  }

  @Test
  void everyListedManifestExistsAndHasAKindAndAName() throws IOException {
    Map<String, JsonNode> resources = resources();
    for (String expected :
        List.of(
            "ServiceAccount/castellan",
            "Role/castellan-pod-reader",
            "RoleBinding/castellan-pod-reader",
            "Deployment/castellan",
            "Service/castellan",
            "Service/castellan-management",
            "PodDisruptionBudget/castellan")) {
      assertNotNull(resources.get(expected), expected + " in " + resources.keySet());
    }
  }

  @Test
  void theContainerPortsAreTheOnesTheNodeListensOn() throws IOException {
    Config config = kubernetesConfig();
    Map<String, Integer> ports = ports(container(resources()));
    assertEquals(config.getInt("castellan.http.port"), ports.get("http"));
    assertEquals(config.getInt("pekko.management.http.port"), ports.get("management"));
    assertEquals(config.getInt("pekko.remote.artery.canonical.port"), ports.get("remoting"));
    assertEquals("0.0.0.0", config.getString("castellan.http.interface"));
  }

  @Test
  void theProbesAskPekkoManagementForReadinessAndLiveness() throws IOException {
    JsonNode container = container(resources());
    assertEquals("/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
    assertEquals(
        "management", container.path("readinessProbe").path("httpGet").path("port").asText());
    for (String probe : List.of("livenessProbe", "startupProbe")) {
      assertEquals("/alive", container.path(probe).path("httpGet").path("path").asText(), probe);
      assertEquals("management", container.path(probe).path("httpGet").path("port").asText());
    }
    Config config = kubernetesConfig();
    assertTrue(config.hasPath("pekko.management.health-checks.readiness-checks.cassandra"));
  }

  @Test
  void discoveryFindsThePodsTheDeploymentLabelsAndTheServicesAndBudgetSelect() throws IOException {
    Map<String, JsonNode> resources = resources();
    JsonNode deployment = resources.get("Deployment/castellan");
    JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
    String selector =
        kubernetesConfig().getString("pekko.discovery.kubernetes-api.pod-label-selector");
    String[] keyValue = selector.split("=");
    assertEquals(keyValue[1], podLabels.path(keyValue[0]).asText(), "pods match " + selector);
    assertEquals(
        "kubernetes-api",
        kubernetesConfig()
            .getString(
                "pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
    List<JsonNode> selectors = new ArrayList<>();
    selectors.add(deployment.path("spec").path("selector").path("matchLabels"));
    selectors.add(resources.get("Service/castellan").path("spec").path("selector"));
    selectors.add(resources.get("Service/castellan-management").path("spec").path("selector"));
    selectors.add(
        resources
            .get("PodDisruptionBudget/castellan")
            .path("spec")
            .path("selector")
            .path("matchLabels"));
    for (JsonNode labels : selectors) {
      labels
          .fields()
          .forEachRemaining(
              label ->
                  assertEquals(
                      label.getValue(), podLabels.path(label.getKey()), labels.toString()));
      assertFalse(labels.isEmpty());
    }
    assertEquals(
        "http",
        resources
            .get("Service/castellan")
            .path("spec")
            .path("ports")
            .get(0)
            .path("targetPort")
            .asText());
  }

  @Test
  void thePodsServiceAccountMayReadPodsAndNothingMore() throws IOException {
    Map<String, JsonNode> resources = resources();
    assertEquals(
        "castellan",
        resources
            .get("Deployment/castellan")
            .path("spec")
            .path("template")
            .path("spec")
            .path("serviceAccountName")
            .asText());
    JsonNode rules = resources.get("Role/castellan-pod-reader").path("rules");
    assertEquals(1, rules.size());
    Set<String> verbs = new HashSet<>();
    rules.get(0).path("verbs").forEach(v -> verbs.add(v.asText()));
    assertEquals(Set.of("get", "watch", "list"), verbs);
    assertEquals("[\"pods\"]", rules.get(0).path("resources").toString());
    JsonNode binding = resources.get("RoleBinding/castellan-pod-reader");
    assertEquals("castellan", binding.path("subjects").get(0).path("name").asText());
    assertEquals("castellan-pod-reader", binding.path("roleRef").path("name").asText());
  }

  @Test
  void aClusterFormsBeforeEveryReplicaIsUpAndSurvivesTheBudget() throws IOException {
    Map<String, JsonNode> resources = resources();
    int replicas = resources.get("Deployment/castellan").path("spec").path("replicas").asInt();
    int contactPoints = 2;
    for (JsonNode env : container(resources).path("env")) {
      if (env.path("name").asText().equals("CASTELLAN_REQUIRED_CONTACT_POINTS")) {
        contactPoints = Integer.parseInt(env.path("value").asText());
      }
    }
    assertEquals(3, replicas);
    assertTrue(contactPoints >= 2 && contactPoints <= replicas, "contact points " + contactPoints);
    int maxUnavailable =
        resources.get("PodDisruptionBudget/castellan").path("spec").path("maxUnavailable").asInt();
    assertTrue(replicas - maxUnavailable > replicas / 2, "a majority stays up");
  }

  @Test
  void theImageRunsTheServerAsANonRootUserWithTheKubernetesConfiguration() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertTrue(dockerfile.contains(" AS build"), "multi-stage");
    assertTrue(dockerfile.contains("-DincludeScope=runtime"), "the runtime classpath only");
    assertTrue(dockerfile.contains("USER 10001"), "non-root");
    assertTrue(dockerfile.contains("-Dconfig.resource=kubernetes.conf"));
    assertTrue(dockerfile.contains("io.castellan.server.Main"));
    JsonNode pod =
        resources().get("Deployment/castellan").path("spec").path("template").path("spec");
    assertEquals(10001, pod.path("securityContext").path("runAsUser").asInt());
    assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
    for (String port : List.of("8080", "8558", "25520")) {
      assertTrue(dockerfile.contains(port), "EXPOSE " + port);
    }
  }
}
