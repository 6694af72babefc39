package dev.traitlab.eval.task;

import dev.traitlab.model.Completion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a solver got from the model for one sample: the exact prompt, the generated text (empty for
 * pure log-prob tasks), the scored choices with their summed log-probabilities (empty for
 * generation tasks), and task-specific details kept with the sample (judge outputs, parsed
 * confidences).
 */
public record SolverOutput(
    String prompt,
    String output,
    List<String> choices,
    double[] choiceLogprobs,
    Map<String, Object> details) {

  public SolverOutput {
    prompt = prompt == null ? "" : prompt;
    output = output == null ? "" : output;
    choices = choices == null ? List.of() : List.copyOf(choices);
    choiceLogprobs = choiceLogprobs == null ? new double[0] : choiceLogprobs.clone();
    if (choices.size() != choiceLogprobs.length) {
      throw new IllegalArgumentException(
          choices.size() + " choices but " + choiceLogprobs.length + " log-probabilities");
    }
    details =
        details == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /**
   * The detail key of a sample whose prompt was cut from the left to fit the model's context (a
   * scored prompt, {@link dev.traitlab.model.ScoreRequest#truncateLeft}, or a generation's, {@link
   * dev.traitlab.model.Sampling#truncateLeft}): how many tokens were dropped, the most over the
   * sample's calls. Counted by {@link EvalRunner#TRUNCATED}.
   */
  public static final String TRUNCATED = "truncated_tokens";

  /**
   * The details with {@link #TRUNCATED} set to {@code tokens} when it is positive (the details
   * themselves otherwise).
   */
  public static Map<String, Object> withTruncation(Map<String, Object> details, int tokens) {
    if (tokens <= 0) {
      return details;
    }
    Map<String, Object> out = new LinkedHashMap<>(details);
    out.merge(TRUNCATED, tokens, (a, b) -> Math.max(((Number) a).intValue(), (Integer) b));
    return out;
  }

  /** The most prompt tokens any of the completions dropped ({@link Completion#truncatedTokens}). */
  public static int truncatedTokens(List<Completion> completions) {
    int most = 0;
    for (Completion c : completions) {
      most = Math.max(most, c.truncatedTokens());
    }
    return most;
  }

  public static SolverOutput generated(String prompt, String output, Map<String, Object> details) {
    return new SolverOutput(prompt, output, List.of(), new double[0], details);
  }

  public static SolverOutput choices(String prompt, List<String> choices, double[] logprobs) {
    return new SolverOutput(prompt, "", choices, logprobs, Map.of());
  }

  @Override
  public double[] choiceLogprobs() {
    return choiceLogprobs.clone();
  }
}
