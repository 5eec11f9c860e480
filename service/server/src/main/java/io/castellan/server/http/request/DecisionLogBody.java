package io.castellan.server.http.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.castellan.server.decisions.DecisionLogMode;
import io.castellan.server.decisions.DecisionLogPolicy;
import java.util.Set;
import java.util.TreeSet;

/** An organization's decision log mode: {@code mode} and, when sampled, {@code sample_rate}. */
public record DecisionLogBody(String mode, @JsonProperty("sample_rate") Double sampleRate) {

  public static final Set<String> FIELDS = new TreeSet<>(Set.of("mode", "sample_rate"));

  public DecisionLogPolicy policy() {
    DecisionLogMode chosen =
        DecisionLogMode.ofLabel(mode == null ? "" : mode)
            .orElseThrow(() -> new BadRequest("'mode' must be off, denied, sampled or all"));
    double rate = sampleRate == null ? 0 : sampleRate;
    if (chosen == DecisionLogMode.SAMPLED && (sampleRate == null || rate <= 0 || rate > 1)) {
      throw new BadRequest("a sampled log needs 'sample_rate' above 0 and at most 1");
    }
    if (chosen != DecisionLogMode.SAMPLED && sampleRate != null) {
      throw new BadRequest("'sample_rate' is only for mode sampled");
    }
    return new DecisionLogPolicy(chosen, rate);
  }
}
