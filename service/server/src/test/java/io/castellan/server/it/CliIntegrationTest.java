package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The castellan CLI as users run it: its own process (java with the CLI's main class), against a
 * real node over HTTP. Exit codes and output are what scripts see.
 */
class CliIntegrationTest {

  private static TestNode node;
  private static HttpClientSupport http;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    node = TestNode.startWith(TestNode.newKeyspace("cli_it"), ManagedOrganization.jwtSettings());
    http = new HttpClientSupport(node.baseUrl());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  record Run(int exit, String out, String err) {
    JsonNode json() {
      try {
        return HttpClientSupport.JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + out, e);
      }
    }
  }

  /** The CLI with the operator's credential (or {@code token}, if not null) and these args. */
  private static Run cli(String token, String... args) {
    return cliAt(node.baseUrl(), token, args);
  }

  /** The CLI against {@code server}. */
  private static Run cliAt(String server, String token, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.castellan.cli.Castellan");
    command.add("--server");
    command.add(server);
    command.add("--token");
    command.add(token == null ? TestNode.OPERATOR_KEY : token);
    command.add("--profile");
    command.add(dir.resolve("no-profile").toString());
    command.addAll(List.of(args));
    try {
      Files.writeString(dir.resolve("no-profile"), "");
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().remove("CASTELLAN_URL");
      builder.environment().remove("CASTELLAN_TOKEN");
      builder.environment().remove("CASTELLAN_ORG");
      Process process = builder.start();
      process.getOutputStream().close();
      byte[][] streams = new byte[2][];
      Thread err = new Thread(() -> streams[1] = readAll(process.getErrorStream()), "cli-stderr");
      err.start();
      streams[0] = readAll(process.getInputStream());
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the CLI did not finish: " + command);
      }
      err.join(10_000);
      return new Run(
          process.exitValue(),
          new String(streams[0], StandardCharsets.UTF_8),
          streams[1] == null ? "" : new String(streams[1], StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static Run ok(String token, String... args) {
    Run run = cli(token, args);
    assertEquals(0, run.exit(), String.join(" ", args) + "\n" + run.out() + run.err());
    return run;
  }

  @Test
  void aNewcomerManagesAnOrganizationAssignsARoleAndChecksWithTheCli() {
    ok(null, "orgs", "create", "acme", "--name", "Acme", "--admin", "user:alice");
    String alice = ManagedOrganization.token("alice");
    ok(alice, "--org", "acme", "users", "create", "bob", "--name", "Bob");
    ok(alice, "--org", "acme", "teams", "create", "eng", "--name", "Engineering");
    ok(alice, "--org", "acme", "teams", "add-member", "eng", "user:bob");
    ok(alice, "--org", "acme", "projects", "create", "launch", "--owner", "organization");
    ok(alice, "--org", "acme", "roles", "create", "viewer", "--permission", "view");
    ok(alice, "--org", "acme", "assign-role", "bob", "viewer", "--scope", "project:launch");
    Run teams = ok(alice, "--org", "acme", "teams", "list");
    assertTrue(teams.out().contains("eng") && teams.out().contains("Engineering"), teams.out());
    JsonNode listed = ok(alice, "--org", "acme", "--json", "teams", "list").json();
    assertEquals("eng", listed.path("teams").get(0).path("id").asText());
    assertEquals(
        0, cli(alice, "--org", "acme", "check", "user:bob", "view", "project:launch").exit());
    Run denied = cli(alice, "--org", "acme", "check", "user:zed", "view", "project:launch");
    assertEquals(1, denied.exit(), denied.out() + denied.err());
    assertTrue(denied.out().startsWith("denied"), denied.out());
    Run audit = ok(alice, "--org", "acme", "audit", "--kind", "tuples");
    assertTrue(audit.out().contains("role_binding:launch.viewer"), audit.out());
  }

  @Test
  void modelTestPassesOnOpenFgasStoreTestFileAndFailsOnAWrongAssertion() throws IOException {
    Path good = dir.resolve("good");
    Files.createDirectories(good);
    for (String name : new String[] {"model.fga", "store.fga.yaml"}) {
      try (InputStream in = getClass().getResourceAsStream("/cli/" + name)) {
        Files.write(good.resolve(name), in.readAllBytes());
      }
    }
    Run passing = ok(null, "model", "test", good.resolve("store.fga.yaml").toString());
    assertTrue(passing.out().contains("3 passed, 0 failed"), passing.out());
    Path bad = dir.resolve("bad");
    Files.createDirectories(bad);
    Files.copy(good.resolve("model.fga"), bad.resolve("model.fga"));
    Files.writeString(
        bad.resolve("store.fga.yaml"),
        Files.readString(good.resolve("store.fga.yaml")).replace("member: true", "member: false"));
    Run failing = cli(null, "model", "test", bad.resolve("store.fga.yaml").toString());
    assertEquals(1, failing.exit(), failing.out() + failing.err());
    assertTrue(failing.out().contains("FAIL") && failing.out().contains("1 failed"), failing.out());
  }

  @Test
  void anExportImportsBackAndAnInterruptedImportResumesWhereItStopped() throws IOException {
    ok(null, "orgs", "create", "source", "--blank");
    ok(null, "orgs", "create", "target", "--blank");
    Path model = dir.resolve("doc.fga");
    Files.writeString(
        model,
        "model\n  schema 1.1\ntype user\ntype document\n  relations\n    define viewer: [user]\n");
    ok(null, "--org", "source", "model", "write", model.toString());
    ok(null, "--org", "target", "model", "write", model.toString());
    Path lines = dir.resolve("tuples.jsonl");
    List<String> tuples = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      tuples.add(
          "{\"user\": \"user:u"
              + i
              + "\", \"relation\": \"viewer\", \"object\": \"document:"
              + (i % 7)
              + "\"}");
    }
    Files.write(lines, tuples);
    Run imported = ok(null, "--org", "source", "import", lines.toString());
    assertTrue(imported.out().contains("imported 250 tuples"), imported.out());
    Path exported = dir.resolve("exported.jsonl");
    ok(null, "--org", "source", "export", exported.toString());
    assertEquals(250, Files.readAllLines(exported).size());
    // an import stopped after its first 100 lines: run again, it resumes there
    Files.writeString(Path.of(exported + ".progress"), "100");
    Run resumed = ok(null, "--org", "target", "import", exported.toString());
    assertTrue(resumed.err().contains("resuming after line 100"), resumed.err());
    assertTrue(resumed.out().contains("imported 250 tuples"), resumed.out());
    ok(null, "--org", "target", "import", "--restart", exported.toString());
    Path back = dir.resolve("back.jsonl");
    ok(null, "--org", "target", "export", back.toString());
    assertEquals(
        new TreeSet<>(Files.readAllLines(exported)), new TreeSet<>(Files.readAllLines(back)));
  }

  @Test
  void aWrongUrlARefusedCredentialAndBadInputEachGetOneClearLineAndTheirExitCode() {
    ok(null, "orgs", "create", "clear", "--admin", "user:alice");
    Run unreachable = cliAt("http://127.0.0.1:1", null, "--org", "clear", "teams", "list");
    assertEquals(3, unreachable.exit(), unreachable.err());
    assertTrue(unreachable.err().contains("cannot reach the server"), unreachable.err());
    Run refused = cli("not-a-credential", "--org", "clear", "teams", "list");
    assertEquals(4, refused.exit(), refused.err());
    assertTrue(refused.err().contains("credential was refused"), refused.err());
    Run bad = cli(null, "--org", "clear", "teams", "create", "has space");
    assertEquals(1, bad.exit(), bad.err());
    assertTrue(bad.err().contains("validation_error"), bad.err());
    Run usage = cli(null, "teams", "create");
    assertEquals(2, usage.exit(), usage.err());
    for (Run run : List.of(unreachable, refused, bad)) {
      assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
      assertEquals(1, run.err().strip().lines().count(), run.err());
    }
  }

  @Test
  void keysAreCreatedListedAndRevokedAndAChangeIsUndone() {
    ok(null, "orgs", "create", "keyed", "--admin", "user:alice");
    JsonNode key = ok(null, "--org", "keyed", "--json", "keys", "create", "--scope", "read").json();
    String secret = key.path("key").asText();
    assertEquals(0, cli(secret, "--org", "keyed", "teams", "list").exit());
    Run listed = ok(null, "--org", "keyed", "keys", "list");
    assertTrue(listed.out().contains(key.path("id").asText()), listed.out());
    ok(null, "--org", "keyed", "keys", "revoke", key.path("id").asText());
    assertEquals(4, cli(secret, "--org", "keyed", "teams", "list").exit());
    JsonNode created = ok(null, "--org", "keyed", "--json", "teams", "create", "gone").json();
    ok(
        null,
        "--org",
        "keyed",
        "undo",
        "--revision",
        created.path("revision").asText(),
        "--reason",
        "oops");
    Run teams = ok(null, "--org", "keyed", "--json", "teams", "list");
    assertEquals(0, teams.json().path("teams").size(), teams.out());
  }
}
