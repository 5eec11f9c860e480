package io.castellan.engine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Loads OpenFGA consistency cases and the list of skipped cases from test resources. */
public final class YamlCases {

  static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

  public static final List<String> OPENFGA_FILES =
      List.of("consolidated_1_1_tests.yaml", "abac_tests.yaml");

  private YamlCases() {}

  public static List<ConformanceCase> openFga(String file) {
    JsonNode root = read("/conformance/openfga/" + file);
    List<ConformanceCase> cases = new ArrayList<>();
    int index = 0;
    for (JsonNode test : root.path("tests")) {
      cases.add(ConformanceCase.parse(file, index++, test));
    }
    return cases;
  }

  /** A case the runner skips, and why. */
  public record Skip(String file, String name, String variant, String reason) {
    boolean covers(ConformanceCase testCase, String runVariant) {
      return file.equals(testCase.file())
          && name.equals(testCase.name())
          && ("any".equals(variant) || variant.equals(runVariant));
    }
  }

  public static List<Skip> skipped() {
    List<Skip> skips = new ArrayList<>();
    for (JsonNode skip : read("/conformance/skipped.yaml")) {
      skips.add(
          new Skip(
              skip.path("file").asText(),
              skip.path("name").asText(),
              skip.path("variant").asText("any"),
              skip.path("reason").asText()));
    }
    return skips;
  }

  private static JsonNode read(String resource) {
    try (InputStream in = YamlCases.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
