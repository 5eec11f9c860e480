package io.castellan.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where the server is and who is asking: {@code --server}/{@code --token}/{@code --org}, else
 * {@code CASTELLAN_URL}/{@code CASTELLAN_TOKEN}/{@code CASTELLAN_ORG}, else the profile file
 * ({@code --profile}, {@code CASTELLAN_PROFILE}, or {@code ~/.castellan/profile}: a properties file
 * with {@code url}, {@code token} and {@code org}). Given anywhere on the command line: they are
 * the root command's, inherited by every subcommand.
 */
final class GlobalOptions {

  @Option(
      names = "--server",
      scope = ScopeType.INHERIT,
      description = "The server's URL (default: CASTELLAN_URL, the profile, http://127.0.0.1:8080)")
  String server;

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      description = "The credential (default: CASTELLAN_TOKEN, the profile)")
  String token;

  @Option(
      names = "--org",
      scope = ScopeType.INHERIT,
      description = "The organization (default: CASTELLAN_ORG, the profile)")
  String org;

  @Option(
      names = "--profile",
      scope = ScopeType.INHERIT,
      description = "The profile file (default: ~/.castellan/profile)")
  Path profile;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print JSON for scripts instead of tables")
  boolean json;

  private Properties loaded;

  String server() {
    String url = first(server, System.getenv("CASTELLAN_URL"), profile("url"));
    url = url == null ? "http://127.0.0.1:8080" : url;
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  String token() {
    return first(token, System.getenv("CASTELLAN_TOKEN"), profile("token"));
  }

  /** The organization, which the command needs. */
  String org() {
    String organization = first(org, System.getenv("CASTELLAN_ORG"), profile("org"));
    if (organization == null) {
      throw new CliException("no organization: give --org, CASTELLAN_ORG or 'org' in the profile");
    }
    return organization;
  }

  Client client() {
    return new Client(server(), token());
  }

  private String profile(String key) {
    if (loaded == null) {
      loaded = new Properties();
      Path path =
          profile != null
              ? profile
              : System.getenv("CASTELLAN_PROFILE") != null
                  ? Path.of(System.getenv("CASTELLAN_PROFILE"))
                  : Path.of(System.getProperty("user.home"), ".castellan", "profile");
      if (Files.isRegularFile(path)) {
        try (InputStream in = Files.newInputStream(path)) {
          loaded.load(in);
        } catch (IOException e) {
          throw new CliException("cannot read the profile " + path + ": " + e.getMessage());
        }
      } else if (profile != null) {
        throw new CliException("no profile file at " + path);
      }
    }
    String value = loaded.getProperty(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
