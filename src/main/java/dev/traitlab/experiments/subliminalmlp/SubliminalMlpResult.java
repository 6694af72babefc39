package dev.traitlab.experiments.subliminalmlp;

import dev.traitlab.lab.stages.Stages;
import dev.traitlab.stats.MeanInterval;
import java.util.List;
import java.util.Map;

/**
 * Test accuracies (class logits only) of each seed's teacher and students, their means with 95%
 * confidence intervals over seeds, and chance level.
 */
public record SubliminalMlpResult(
    SubliminalMlpConfig config,
    List<Integer> widths,
    List<SeedAccuracy> perSeed,
    Map<String, MeanInterval> summary,
    double chance,
    int trainExamples,
    int testExamples,
    List<Stages.StageRecord> stages) {

  public static final String TEACHER = "teacher";
  public static final String AUX_SAME_INIT = "student_aux_same_init";
  public static final String AUX_CROSS_INIT = "student_aux_cross_init";
  public static final String ALL_SAME_INIT = "student_all_same_init";

  /** The four models in report order, with the labels a reader sees. */
  public static final List<Map.Entry<String, String>> MODELS =
      List.of(
          Map.entry(TEACHER, "teacher"),
          Map.entry(AUX_SAME_INIT, "(a) student, aux logits, same init"),
          Map.entry(AUX_CROSS_INIT, "(b) student, aux logits, cross init"),
          Map.entry(ALL_SAME_INIT, "(c) student, all logits, same init"));

  public record SeedAccuracy(
      long seed, double teacher, double auxSameInit, double auxCrossInit, double allSameInit) {}
}
