package io.castellan.engine.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The OpenFGA consistency cases (check, list-objects, list-users, conditions, contextual tuples,
 * expected errors) against the engine. Every case runs; a case listed in {@code skipped.yaml} is
 * reported as skipped with its reason.
 */
class OpenFgaConformanceTest {

  private static final ConformanceStats STATS = new ConformanceStats();

  @TestFactory
  Stream<DynamicTest> openFgaCasesPassOnTheEngine() {
    List<YamlCases.Skip> skips = YamlCases.skipped();
    List<DynamicTest> tests = new ArrayList<>();
    for (String file : YamlCases.OPENFGA_FILES) {
      for (ConformanceCase testCase : YamlCases.openFga(file)) {
        tests.add(test(testCase, ConformanceHarness.PLAIN, skips));
        if (ConformanceHarness.hasContextualVariant(testCase)) {
          tests.add(test(testCase, ConformanceHarness.CONTEXTUAL, skips));
        }
      }
    }
    return tests.stream();
  }

  private static DynamicTest test(ConformanceCase testCase, String variant, List<YamlCases.Skip> skips) {
    String name = testCase.file() + " #" + testCase.index() + " " + testCase.name() + " [" + variant + "]";
    return DynamicTest.dynamicTest(name, () -> {
      for (YamlCases.Skip skip : skips) {
        Assumptions.assumeFalse(skip.covers(testCase, variant), "skipped: " + skip.reason());
      }
      List<String> failures = new ConformanceHarness(new EngineConformanceTarget(), STATS).run(testCase, variant);
      assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    });
  }

  @AfterAll
  static void printPassCountsPerFeature() {
    System.out.println(STATS.report("OpenFGA conformance against the engine (assertions):"));
  }
}
