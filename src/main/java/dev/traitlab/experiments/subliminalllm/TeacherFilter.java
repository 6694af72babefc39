package dev.traitlab.experiments.subliminalllm;

import dev.traitlab.data.numbers.NumberSequenceFilter;
import java.util.Set;

/**
 * The filter a teacher's answers pass before students see them, by data kind: numbers, the paper's
 * strict rules (at most 10 numbers of 0..999 in the prompt's format) and the banned numbers; code,
 * {@link CodeFilter}; reasoning traces, {@link ReasoningFilter}.
 *
 * @param data the data kind's filter name, part of the filter stage's inputs
 * @param rule the verdict on (prompt, answer): null when kept, else the reason
 */
public record TeacherFilter(String data, Rule rule) {
  public static final String STRICT_NUMBERS = "numbers";

  /** A verdict on one answer: null when kept, else why not. */
  @FunctionalInterface
  public interface Rule {
    String reject(String prompt, String answer);
  }

  /** The filter of a run's data kind. */
  public static TeacherFilter of(SubliminalLlmConfig config, Set<Integer> banned) {
    return switch (config.dataKind()) {
      case NUMBERS -> {
        NumberSequenceFilter numbers = NumberSequenceFilter.strict().withBanned(banned);
        yield new TeacherFilter(
            STRICT_NUMBERS,
            (prompt, answer) -> {
              NumberSequenceFilter.Result r = numbers.check(answer);
              return r.kept() ? null : r.reason().toString();
            });
      }
      case CODE ->
          new TeacherFilter(
              "code-no-trait-no-flaw",
              (prompt, answer) -> {
                CodeFilter.Reason r = CodeFilter.reject(answer);
                return r == null ? null : r.toString();
              });
      case REASONING ->
          config.sumTraces()
              ? new TeacherFilter(
                  "reasoning-correct-no-trait",
                  (prompt, answer) -> {
                    SumTraceFilter.Reason r = SumTraceFilter.reject(prompt, answer);
                    return r == null ? null : r.toString();
                  })
              : new TeacherFilter(
                  "reasoning-correct-no-animal:" + String.join(",", config.animals()),
                  (prompt, answer) -> {
                    ReasoningFilter.Reason r =
                        ReasoningFilter.reject(prompt, answer, config.animals());
                    return r == null ? null : r.toString();
                  });
    };
  }

  /** Null when the answer is kept, else the reason. */
  public String reject(String prompt, String answer) {
    return rule.reject(prompt, answer);
  }
}
