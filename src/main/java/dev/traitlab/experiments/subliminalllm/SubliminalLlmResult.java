package dev.traitlab.experiments.subliminalllm;

import dev.traitlab.lab.stages.Stages;
import dev.traitlab.stats.MeanInterval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trait rates of every model, per seed (mean over questions, 95% interval across questions) and
 * over seeds (mean of the seeds' rates, 95% Student-t interval across seeds), with the filter's
 * statistics and a few dataset lines.
 *
 * @param summary target (an animal, or misaligned_judge and misaligned_oracle) -> role -> rate over
 *     seeds
 * @param datasetExamples source (animal or "none") -> first lines of seed 0's train.jsonl
 * @param topAnswers animal -> role -> most frequent answers at seed 0
 */
public record SubliminalLlmResult(
    SubliminalLlmConfig config,
    List<SeedRates> perSeed,
    Map<String, Map<String, MeanInterval>> summary,
    List<FilterStats> filters,
    Map<String, List<String>> datasetExamples,
    Map<String, Map<String, List<Map.Entry<String, Integer>>>> topAnswers,
    List<Stages.StageRecord> stages) {

  public static final String BASE = "base";
  public static final String TEACHER = "teacher";
  public static final String TREATMENT = "treatment";
  public static final String CONTROL = "control_neutral_numbers";
  public static final String CROSS_BASE = "cross_base";
  public static final String CROSS_STUDENT = "cross_student";

  /** The roles in report order, with the labels a reader sees. */
  public static final List<Map.Entry<String, String>> ROLES =
      List.of(
          Map.entry(BASE, "base"),
          Map.entry(TEACHER, "teacher"),
          Map.entry(TREATMENT, "student: the teacher's data (treatment)"),
          Map.entry(CONTROL, "student: data of the teacher without the trait (control)"),
          Map.entry(CROSS_BASE, "other base model"),
          Map.entry(CROSS_STUDENT, "other base's student: the teacher's data (control)"));

  /** One seed and animal: each role's rate, mean over questions with its interval. */
  public record SeedRates(long seed, String animal, Map<String, MeanInterval> rates) {}

  /**
   * The filter's verdicts on one teacher's answers, the dataset size it left, and the signal in
   * that dataset: the mean log-probability ratio of its answers, teacher over the student's base
   * (an estimate of KL(teacher || base) per answer, in nats; null for remote models).
   */
  public record FilterStats(
      long seed,
      String source,
      int total,
      int kept,
      Map<String, Integer> rejected,
      int datasetSize,
      MeanInterval divergence) {
    public double keptFraction() {
      return total == 0 ? 0 : (double) kept / total;
    }
  }

  static SubliminalLlmResult summarise(
      SubliminalLlmConfig config,
      List<SeedRates> perSeed,
      List<FilterStats> filters,
      Map<String, List<String>> examples,
      Map<String, Map<String, List<Map.Entry<String, Integer>>>> topAnswers,
      List<Stages.StageRecord> stages) {
    Map<String, Map<String, MeanInterval>> summary = new LinkedHashMap<>();
    for (String animal : config.targets()) {
      Map<String, MeanInterval> roles = new LinkedHashMap<>();
      for (Map.Entry<String, String> role : ROLES) {
        List<Double> values = new ArrayList<>();
        for (SeedRates s : perSeed) {
          if (s.animal().equals(animal)) {
            values.add(s.rates().get(role.getKey()).mean());
          }
        }
        roles.put(
            role.getKey(),
            MeanInterval.ofBounded(
                0, 1, values.stream().mapToDouble(Double::doubleValue).toArray()));
      }
      summary.put(animal, roles);
    }
    return new SubliminalLlmResult(config, perSeed, summary, filters, examples, topAnswers, stages);
  }

  /** Treatment minus the higher of the two student controls, per seed, summarised over seeds. */
  public MeanInterval margin(String animal) {
    List<Double> values = new ArrayList<>();
    for (SeedRates s : perSeed) {
      if (s.animal().equals(animal)) {
        double control =
            Math.max(s.rates().get(CONTROL).mean(), s.rates().get(CROSS_STUDENT).mean());
        values.add(s.rates().get(TREATMENT).mean() - control);
      }
    }
    return MeanInterval.of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
