package dev.voxscribe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.voxscribe.config.Variable;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.telegram.FakeTelegramApi;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipes in deploy/, checked without a container engine: the Dockerfile's command lines run
 * against the packaged jar (the bot starts, its HEALTHCHECK command passes), the compose file and
 * the Kubernetes manifest parsed and held to the app's ports, paths and data directory, and the
 * systemd unit read for the keys it needs.
 */
class DeployIT {
  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final ObjectMapper JSON = new JsonMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final String IMAGE_JAR = "/app/voxscribe.jar";

  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : started) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
    }
  }

  /** The Dockerfile's final stage, instructions joined across continuation lines. */
  record Stage(String from, List<String[]> instructions) {
    List<String> all(String name) {
      return instructions.stream().filter(i -> i[0].equals(name)).map(i -> i[1]).toList();
    }

    String one(String name) {
      List<String> found = all(name);
      assertThat(found).as(name + " in the final stage").hasSize(1);
      return found.get(0);
    }
  }

  static List<Stage> stages() throws IOException {
    List<Stage> stages = new ArrayList<>();
    StringBuilder logical = new StringBuilder();
    for (String line : Files.readAllLines(DEPLOY.resolve("Dockerfile"))) {
      if (line.isBlank() || line.stripLeading().startsWith("#")) continue;
      if (line.endsWith("\\")) {
        logical.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      logical.append(line);
      String[] parts = logical.toString().strip().split("\\s+", 2);
      logical.setLength(0);
      if (parts[0].equals("FROM")) stages.add(new Stage(parts[1], new ArrayList<>()));
      else stages.get(stages.size() - 1).instructions().add(new String[] {parts[0], parts.length > 1 ? parts[1] : ""});
    }
    return stages;
  }

  /** The exec form of CMD/ENTRYPOINT: a JSON array. */
  static List<String> execForm(String json) throws IOException {
    List<String> out = new ArrayList<>();
    JSON.readTree(json).forEach(n -> out.add(n.asText()));
    return out;
  }

  static Map<String, String> envOf(Stage stage) {
    Map<String, String> env = new LinkedHashMap<>();
    Matcher m = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\\S+)").matcher(String.join(" ", stage.all("ENV")));
    while (m.find()) env.put(m.group(1), m.group(2));
    return env;
  }

  private static String jar() {
    return Path.of(System.getProperty("voxscribe.jar", "target/voxscribe.jar")).toAbsolutePath().toString();
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** An image command line as it would run here: this JVM's java, the jar just built. */
  private static List<String> local(List<String> command) {
    List<String> out = new ArrayList<>();
    for (String arg : command) out.add(arg.equals("java") ? java() : arg.equals(IMAGE_JAR) ? jar() : arg);
    return out;
  }

  private Process run(List<String> command, Map<String, String> env, String name) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("AIML_") || k.startsWith("VOXSCRIBE_") || k.startsWith("TELEGRAM_") || k.startsWith("DISCORD_"));
    pb.environment().putAll(env);
    Process p = pb.redirectOutput(dir.resolve(name + "-out.txt").toFile()).redirectError(dir.resolve(name + "-err.txt").toFile()).start();
    started.add(p);
    return p;
  }

  private String output(String name) throws IOException {
    return Files.readString(dir.resolve(name + "-out.txt"), StandardCharsets.UTF_8)
        + Files.readString(dir.resolve(name + "-err.txt"), StandardCharsets.UTF_8);
  }

  @Test
  void theDockerfileIsMultiStageNonRootWithAVolumeAndTheJvmFlags() throws Exception {
    List<Stage> stages = stages();
    assertThat(stages).hasSizeGreaterThanOrEqualTo(2);
    assertThat(stages.get(0).from()).contains("jdk").endsWith("AS build");
    assertThat(String.join(" ", stages.get(0).all("RUN"))).contains("./mvnw").contains("package");
    Stage run = stages.get(stages.size() - 1);
    Matcher version = Pattern.compile("eclipse-temurin:(\\d+)-jre").matcher(run.from());
    assertThat(version.find()).as("a JRE image: " + run.from()).isTrue();
    assertThat(Integer.parseInt(version.group(1))).isGreaterThanOrEqualTo(17);
    String user = run.one("USER");
    assertThat(user).doesNotStartWith("root").doesNotStartWith("0");
    assertThat(run.one("VOLUME")).isEqualTo("/data");
    assertThat(envOf(run)).containsEntry("VOXSCRIBE_DATA_DIR", "/data");
    assertThat(run.one("COPY")).contains("--from=build").endsWith(IMAGE_JAR);
    List<String> entrypoint = execForm(run.one("ENTRYPOINT"));
    assertThat(entrypoint).contains("-XX:+ExitOnOutOfMemoryError").anyMatch(a -> a.matches("-XX:MaxRAMPercentage=\\d+(\\.\\d+)?"))
        .endsWith("-jar", IMAGE_JAR);
    String healthcheck = run.one("HEALTHCHECK");
    assertThat(healthcheck).contains("CMD [");
  }

  @Test
  void theImagesCommandLinesStartTheBotAndItsHealthcheckPasses() throws Exception {
    Stage run = stages().get(stages().size() - 1);
    List<String> entrypoint = local(execForm(run.one("ENTRYPOINT")));
    String hc = run.one("HEALTHCHECK");
    List<String> healthcheck = local(execForm(hc.substring(hc.indexOf("CMD ") + 4)));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (FakeAimlApi aiml = new FakeAimlApi(); FakeTelegramApi telegram = new FakeTelegramApi()) {
      Map<String, String> env = new HashMap<>(envOf(run));
      env.put("VOXSCRIBE_DATA_DIR", dir.resolve("data").toString()); // the volume
      env.put("VOXSCRIBE_METRICS_PORT", Integer.toString(port));
      env.put("VOXSCRIBE_METRICS_BIND", "127.0.0.1"); // the image binds every interface; a test host need not
      env.put("AIML_API_KEY", aiml.apiKey());
      env.put("AIML_API_URL", aiml.baseUrl());
      env.put("TELEGRAM_BOT_TOKEN", telegram.token());
      env.put("TELEGRAM_API_URL", telegram.baseUrl());
      Process bot = run(entrypoint, env, "bot");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int exit;
      do {
        assertThat(bot.isAlive()).as("the bot runs; its output:%n%s", output("bot")).isTrue();
        Process check = run(healthcheck, Map.of("VOXSCRIBE_METRICS_PORT", Integer.toString(port)), "health");
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        exit = check.exitValue();
      } while (exit != 0 && System.nanoTime() < deadline);
      assertThat(exit).as("the HEALTHCHECK command's exit; bot output:%n%s", output("bot")).isZero();
      assertThat(output("health")).contains("\"status\":\"UP\"");
      // JSON logs, as the image sets: every line of the bot's log parses.
      for (String line : Files.readAllLines(dir.resolve("bot-err.txt"))) {
        if (!line.isBlank()) assertThat(JSON.readTree(line).has("message")).as(line).isTrue();
      }
      assertThat(output("bot")).doesNotContain(telegram.token()).doesNotContain(aiml.apiKey());
    }
  }

  @Test
  void theComposeFileMountsTheDataDirAndChecksHealthAsTheImageDoes() throws Exception {
    JsonNode compose = YAML.readTree(DEPLOY.resolve("docker-compose.yml").toFile());
    JsonNode service = compose.at("/services/voxscribe");
    assertThat(service.at("/build/dockerfile").asText()).isEqualTo("deploy/Dockerfile");
    assertThat(Files.isRegularFile(DEPLOY.resolve(service.at("/build/context").asText()).resolve("mvnw"))).isTrue();
    String dataDir = service.at("/environment/VOXSCRIBE_DATA_DIR").asText();
    assertThat(dataDir).isEqualTo("/data");
    List<String> volumes = new ArrayList<>();
    service.get("volumes").forEach(v -> volumes.add(v.asText()));
    assertThat(volumes).anySatisfy(v -> assertThat(v).endsWith(":" + dataDir));
    String volumeName = volumes.get(0).substring(0, volumes.get(0).indexOf(':'));
    assertThat(compose.at("/volumes").has(volumeName)).isTrue();
    String port = service.at("/environment/VOXSCRIBE_METRICS_PORT").asText();
    assertThat(service.get("ports").get(0).asText()).isEqualTo("127.0.0.1:" + port + ":" + port);
    List<String> test = new ArrayList<>();
    service.at("/healthcheck/test").forEach(t -> test.add(t.asText()));
    Stage run = stages().get(stages().size() - 1);
    String hc = run.one("HEALTHCHECK");
    assertThat(test.subList(1, test.size())).isEqualTo(execForm(hc.substring(hc.indexOf("CMD ") + 4)));
    assertThat(service.get("restart").asText()).isIn("unless-stopped", "always", "on-failure");
    assertThat(service.get("env_file").get(0).asText()).isEqualTo("voxscribe.env");
    assertThat(DEPLOY.resolve("voxscribe.env.example")).exists();
  }

  /** Issue 16: N replicas on an external PostgreSQL, rolled one at a time, no shared volume. */
  @Test
  void theScaledKubernetesManifestRunsSeveralReplicasOnTheDatabaseFromItsSecret() throws Exception {
    Map<String, JsonNode> byKind = new HashMap<>();
    try (var parser = new YAMLFactory().createParser(DEPLOY.resolve("kubernetes").resolve("voxscribe-scaled.yaml").toFile())) {
      var docs = YAML.readValues(parser, JsonNode.class);
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        byKind.put(doc.get("kind").asText(), doc);
      }
    }
    assertThat(byKind).containsKeys("Deployment", "PodDisruptionBudget").doesNotContainKey("PersistentVolumeClaim");
    JsonNode deployment = byKind.get("Deployment");
    assertThat(deployment.at("/spec/replicas").asInt()).isGreaterThan(1);
    assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
    assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
    JsonNode container = deployment.at("/spec/template/spec/containers/0");
    Map<String, String> env = new HashMap<>();
    container.get("env").forEach(e -> env.put(e.get("name").asText(), e.get("value").asText()));
    assertThat(env).doesNotContainKey("VOXSCRIBE_DATABASE_URL").doesNotContainKey("VOXSCRIBE_DATABASE_PASSWORD");
    assertThat(env.get("VOXSCRIBE_LEASE")).isEqualTo("30s");
    String header = Files.readString(DEPLOY.resolve("kubernetes").resolve("voxscribe-scaled.yaml"));
    assertThat(header).contains("--from-literal=VOXSCRIBE_DATABASE_URL=jdbc:postgresql://")
        .contains("--from-literal=VOXSCRIBE_DATABASE_PASSWORD=");
    assertThat(container.at("/envFrom/0/secretRef/name").asText()).isEqualTo("voxscribe");
    for (JsonNode v : deployment.at("/spec/template/spec/volumes")) {
      assertThat(v.has("persistentVolumeClaim")).as("no volume shared by the replicas").isFalse();
    }
    for (String name : env.keySet()) assertThat(Variable.named(name)).as(name).isPresent();
  }

  @Test
  void theScaledComposeFileRunsTwoInstancesOnOnePostgres() throws Exception {
    JsonNode compose = YAML.readTree(DEPLOY.resolve("docker-compose.scaled.yml").toFile());
    JsonNode postgres = compose.at("/services/postgres");
    assertThat(postgres.get("image").asText()).startsWith("postgres:15");
    assertThat(postgres.at("/healthcheck/test/1").asText()).isEqualTo("pg_isready");
    List<String> bots = new ArrayList<>();
    compose.get("services").fieldNames().forEachRemaining(n -> { if (n.startsWith("voxscribe")) bots.add(n); });
    assertThat(bots).hasSize(2);
    java.util.Set<String> ports = new java.util.HashSet<>();
    for (String name : bots) {
      JsonNode bot = compose.at("/services/" + name);
      assertThat(bot.at("/environment/VOXSCRIBE_DATABASE_URL").asText())
          .isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.at("/environment/POSTGRES_DB").asText());
      assertThat(bot.at("/environment/VOXSCRIBE_DATABASE_USER").asText())
          .isEqualTo(postgres.at("/environment/POSTGRES_USER").asText());
      assertThat(bot.at("/depends_on/postgres/condition").asText()).isEqualTo("service_healthy");
      assertThat(bot.at("/build/dockerfile").asText()).isEqualTo("deploy/Dockerfile");
      ports.add(bot.get("ports").get(0).asText());
      bot.get("environment").fieldNames().forEachRemaining(v -> assertThat(Variable.named(v)).as(v).isPresent());
    }
    assertThat(ports).as("each instance's metrics on its own host port").hasSize(2);
  }

  @Test
  void theKubernetesManifestProbesTheAppsEndpointsAndMountsItsDataDir() throws Exception {
    Map<String, JsonNode> byKind = new HashMap<>();
    try (var parser = new YAMLFactory().createParser(DEPLOY.resolve("kubernetes").resolve("voxscribe.yaml").toFile())) {
      var docs = YAML.readValues(parser, JsonNode.class);
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        byKind.put(doc.get("kind").asText(), doc);
      }
    }
    assertThat(byKind).containsKeys("Deployment", "PersistentVolumeClaim");
    JsonNode deployment = byKind.get("Deployment");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
    JsonNode pod = deployment.at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    JsonNode container = pod.get("containers").get(0);
    Map<String, String> env = new HashMap<>();
    container.get("env").forEach(e -> env.put(e.get("name").asText(), e.get("value").asText()));
    assertThat(container.at("/envFrom/0/secretRef/name").asText()).isNotBlank();

    Map<String, Integer> ports = new HashMap<>();
    container.get("ports").forEach(p -> ports.put(p.get("name").asText(), p.get("containerPort").asInt()));
    int metricsPort = Integer.parseInt(env.get("VOXSCRIBE_METRICS_PORT"));
    assertThat(env.get("VOXSCRIBE_METRICS_BIND")).isEqualTo("0.0.0.0");
    for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
      JsonNode get = container.at("/" + probe + "/httpGet");
      JsonNode port = get.get("port");
      int resolved = port.isInt() ? port.asInt() : ports.get(port.asText());
      assertThat(resolved).as(probe + " port").isEqualTo(metricsPort);
    }
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");

    String dataDir = env.get("VOXSCRIBE_DATA_DIR");
    String volume = null;
    for (JsonNode m : container.get("volumeMounts")) if (m.get("mountPath").asText().equals(dataDir)) volume = m.get("name").asText();
    assertThat(volume).as("a volume mounted at VOXSCRIBE_DATA_DIR " + dataDir).isNotNull();
    String claim = null;
    for (JsonNode v : pod.get("volumes")) if (v.get("name").asText().equals(volume)) claim = v.at("/persistentVolumeClaim/claimName").asText();
    assertThat(claim).isEqualTo(byKind.get("PersistentVolumeClaim").at("/metadata/name").asText());
    if (container.at("/securityContext/readOnlyRootFilesystem").asBoolean()) {
      // sqlite-jdbc unpacks its native library to java.io.tmpdir
      assertThat(container.get("volumeMounts").findValuesAsText("mountPath")).contains("/tmp");
    }
    // The image's own user and data dir.
    Stage run = stages().get(stages().size() - 1);
    assertThat(run.one("USER")).startsWith(pod.at("/securityContext/runAsUser").asText());
    assertThat(envOf(run).get("VOXSCRIBE_DATA_DIR")).isEqualTo(dataDir);
  }

  @Test
  void theSystemdUnitHasTheKeysItNeedsAndItsCommandLineRuns() throws Exception {
    Map<String, Map<String, List<String>>> unit = new LinkedHashMap<>();
    Map<String, List<String>> section = null;
    for (String line : Files.readAllLines(DEPLOY.resolve("systemd").resolve("voxscribe.service"))) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) continue;
      if (l.startsWith("[")) {
        section = unit.computeIfAbsent(l.substring(1, l.length() - 1), k -> new LinkedHashMap<>());
        continue;
      }
      int eq = l.indexOf('=');
      assertThat(eq).as("key=value: " + l).isPositive();
      assertThat(section).as("a section before " + l).isNotNull();
      section.computeIfAbsent(l.substring(0, eq), k -> new ArrayList<>()).add(l.substring(eq + 1));
    }
    assertThat(unit).containsKeys("Unit", "Service", "Install");
    Map<String, List<String>> service = unit.get("Service");
    assertThat(service.get("DynamicUser")).containsExactly("yes");
    assertThat(service.get("Restart")).containsExactly("on-failure");
    String state = service.get("StateDirectory").get(0);
    assertThat(service.get("Environment")).contains("VOXSCRIBE_DATA_DIR=/var/lib/" + state);
    assertThat(service.get("WorkingDirectory")).containsExactly("/var/lib/" + state);
    assertThat(unit.get("Install").get("WantedBy")).containsExactly("multi-user.target");
    List<String> exec = List.of(service.get("ExecStart").get(0).split("\\s+"));
    assertThat(exec).contains("-XX:+ExitOnOutOfMemoryError").anyMatch(a -> a.startsWith("-XX:MaxRAMPercentage="));
    // Its command line, with this JVM and jar: the flags are accepted and the jar runs.
    List<String> local = new ArrayList<>();
    for (String a : exec) local.add(a.equals("/usr/bin/java") ? java() : a.endsWith("/voxscribe.jar") ? jar() : a);
    local.add("--version");
    Process p = run(local, Map.of(), "systemd");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output("systemd")).isZero();
    assertThat(output("systemd")).startsWith("voxscribe ");
  }
}
