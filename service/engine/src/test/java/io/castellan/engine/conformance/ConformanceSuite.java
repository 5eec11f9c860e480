package io.castellan.engine.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * Every OpenFGA case as a JUnit dynamic test against a target: the plain run and, where upstream
 * has it, the contextual-tuples run. Cases in {@code skipped.yaml} are reported skipped with their
 * reason, never left out silently.
 */
public final class ConformanceSuite {

  private ConformanceSuite() {}

  public static Stream<DynamicTest> dynamicTests(
      Supplier<ConformanceTarget> targets, ConformanceStats stats) {
    List<YamlCases.Skip> skips = YamlCases.skipped();
    List<DynamicTest> tests = new ArrayList<>();
    for (String file : YamlCases.OPENFGA_FILES) {
      for (ConformanceCase testCase : YamlCases.openFga(file)) {
        tests.add(test(testCase, ConformanceHarness.PLAIN, skips, targets, stats));
        if (ConformanceHarness.hasContextualVariant(testCase)) {
          tests.add(test(testCase, ConformanceHarness.CONTEXTUAL, skips, targets, stats));
        }
      }
    }
    return tests.stream();
  }

  private static DynamicTest test(
      ConformanceCase testCase,
      String variant,
      List<YamlCases.Skip> skips,
      Supplier<ConformanceTarget> targets,
      ConformanceStats stats) {
    String name =
        testCase.file() + " #" + testCase.index() + " " + testCase.name() + " [" + variant + "]";
    return DynamicTest.dynamicTest(
        name,
        () -> {
          for (YamlCases.Skip skip : skips) {
            Assumptions.assumeFalse(skip.covers(testCase, variant), "skipped: " + skip.reason());
          }
          List<String> failures =
              new ConformanceHarness(targets.get(), stats).run(testCase, variant);
          assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        });
  }
}
