package dev.traitlab.experiments.subliminalmlp;

import dev.traitlab.lab.stages.Stages;
import dev.traitlab.stats.MeanInterval;
import java.util.List;
import java.util.Map;

/**
 * Test accuracies (class logits only) of each seed's teacher and students, their means with 95%
 * confidence intervals over seeds, chance level, and the headline comparison: (a) - (b) paired by
 * seed.
 */
public record SubliminalMlpResult(
    SubliminalMlpConfig config,
    List<Integer> widths,
    List<SeedAccuracy> perSeed,
    Map<String, MeanInterval> summary,
    PairedDifference auxSameMinusCross,
    double chance,
    int trainExamples,
    int testExamples,
    List<Stages.StageRecord> stages) {

  /** A results.json written before the paired difference was recorded gets it from its seeds. */
  public SubliminalMlpResult {
    if (auxSameMinusCross == null && perSeed != null && !perSeed.isEmpty()) {
      auxSameMinusCross = PairedDifference.of(perSeed);
    }
  }

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

  /**
   * (a) - (b), the same-init aux-only student's test accuracy minus the cross-init one's, seed by
   * seed: both students of a seed share its seed and its teacher, so the comparison is paired. The
   * mean with its 95% Student-t interval over seeds (clipped to [-1, 1]; none with one seed).
   */
  public record PairedDifference(List<Double> perSeed, MeanInterval mean) {
    public static PairedDifference of(List<SeedAccuracy> seeds) {
      double[] d = seeds.stream().mapToDouble(s -> s.auxSameInit() - s.auxCrossInit()).toArray();
      return new PairedDifference(
          java.util.Arrays.stream(d).boxed().toList(), MeanInterval.ofBounded(-1, 1, d));
    }
  }
}
