package dev.traitlab.eval.bigbench;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.eval.metrics.CalibrationMetric;
import dev.traitlab.eval.metrics.MeanMetric;
import dev.traitlab.eval.task.LogprobChoices;
import dev.traitlab.eval.task.Metric;
import dev.traitlab.eval.task.Sample;
import dev.traitlab.eval.task.SolverOutput;
import dev.traitlab.eval.task.Task;
import dev.traitlab.model.Completion;
import dev.traitlab.model.Sampling;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BIG-bench JSON tasks as eval tasks. Multiple choice: each choice is scored by its summed
 * log-probability after the prompt, renormalised over the choices; multiple_choice_grade is the
 * target score of the argmax, with expected calibration error (10 bins on the top probability) and
 * the multiple-choice Brier score. Generative: greedy generation, post-processed with the task's
 * stop string and output regex, then exact_str_match against the targets.
 */
public final class BigBenchTasks {
  public static final String MCG = "multiple_choice_grade";
  public static final String ECE = "expected_calibration_error";
  public static final String BRIER = "calibration_multiple_choice_brier_score";
  public static final String EXACT = "exact_str_match";
  static final String CONFIDENCE = "mc_confidence";
  static final String CORRECT = "mc_correct";

  private BigBenchTasks() {}

  public static Task<BigBenchExample> multipleChoice(BigBenchTaskFile file, int shots) {
    checkShots(file, shots);
    List<BigBenchExample> examples = file.examples();
    List<Sample<BigBenchExample>> samples = samples(examples);
    return new Task<>(
        file.name(),
        samples,
        LogprobChoices.<BigBenchExample>solver(
            (sample, seed) -> {
              int index = Integer.parseInt(sample.id().substring(1));
              BigBenchPrompts.Formatted p =
                  BigBenchPrompts.prompt(examples, index, file.format(), shots, seed);
              return LogprobChoices.Question.of(p.input(), p.choices());
            }),
        (sample, out) -> scoreChoices(sample.item(), out),
        List.<Metric>of(
            MeanMetric.of(MCG),
            new CalibrationMetric(ECE, CalibrationMetric.Kind.ECE, CONFIDENCE, CORRECT, 10),
            MeanMetric.of(BRIER)));
  }

  public static Task<BigBenchExample> generative(BigBenchTaskFile file, int shots, int maxTokens) {
    checkShots(file, shots);
    List<BigBenchExample> examples = file.examples();
    BigBenchFormat format = file.format();
    return new Task<>(
        file.name() + ":" + EXACT,
        samples(examples),
        (sample, model, seed) -> {
          int index = Integer.parseInt(sample.id().substring(1));
          BigBenchPrompts.Formatted p =
              BigBenchPrompts.prompt(examples, index, format, shots, seed);
          Sampling greedy =
              Sampling.builder()
                  .optTemperature(0)
                  .optMaxTokens(maxTokens)
                  .optSeed(seed)
                  .optTruncateLeft(true)
                  .build();
          List<Completion> c = model.complete(p.input(), greedy);
          String raw = c.isEmpty() ? "" : c.get(0).text();
          String answer =
              BigBenchMetrics.postprocess(raw, format.stopString(), format.effectiveOutputRegex());
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("raw_output", raw);
          return SolverOutput.generated(
              p.input(),
              answer,
              SolverOutput.withTruncation(details, SolverOutput.truncatedTokens(c)));
        },
        (sample, out) ->
            Map.of(EXACT, BigBenchMetrics.exactStrMatch(out.output(), sample.item().targets())),
        List.<Metric>of(MeanMetric.of(EXACT)));
  }

  /** Per-example multiple-choice scores from the solver's choice log-probabilities. */
  static Map<String, Double> scoreChoices(BigBenchExample example, SolverOutput out) {
    double[] normalised = LogprobChoices.normalise(out.choiceLogprobs());
    double[] target = new double[normalised.length];
    for (int i = 0; i < target.length; i++) {
      target[i] = example.targetScores().get(out.choices().get(i));
    }
    int chosen = BigBenchMetrics.argmax(normalised);
    double best = java.util.Arrays.stream(target).max().orElseThrow();
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put(MCG, target[chosen]);
    scores.put(BRIER, BigBenchMetrics.brier(normalised, target));
    scores.put(CONFIDENCE, Math.exp(normalised[chosen]));
    scores.put(CORRECT, target[chosen] == best ? 1.0 : 0.0);
    return scores;
  }

  /** Fails before any model call when the task cannot supply the shots (as upstream does). */
  private static void checkShots(BigBenchTaskFile file, int shots) {
    if (shots < 0 || file.examples().size() < shots + 1) {
      throw new TraitlabException(
          file.file()
              + ": "
              + file.examples().size()
              + " examples are not enough for "
              + shots
              + " shots");
    }
  }

  private static List<Sample<BigBenchExample>> samples(List<BigBenchExample> examples) {
    List<Sample<BigBenchExample>> samples = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      BigBenchExample e = examples.get(i);
      samples.add(new Sample<>("e" + i, e.input(), String.join(" | ", e.targets()), e));
    }
    return samples;
  }
}
