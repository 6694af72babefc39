package dev.traitlab.experiments.defendability;

import dev.traitlab.lab.stages.Stages;
import dev.traitlab.stats.Interval;
import java.util.List;

/**
 * Every game's points, the VC dimensions checked by brute force, and the stages.
 *
 * @param windows the interval classes against the window attack (and the lower-bound attack where
 *     epsilon >= 1/d), by VC dimension and epsilon
 * @param sampleSweep one interval class at one epsilon, by the defender's sample size
 * @param lowerBound the lower-bound attack on conjunctions, parities and intervals at epsilon = 1/d
 * @param trees decision trees, by leaf count and epsilon, for both defenders
 * @param network the small network with a planted trigger, by the defender's sample size
 * @param vcDimensions the classes' VC dimensions on small domains, by brute force
 */
public record DefendabilityResult(
    DefendabilityConfig config,
    List<Point> windows,
    List<Point> sampleSweep,
    List<Point> lowerBound,
    List<Point> trees,
    List<Point> network,
    List<VcCheck> vcDimensions,
    List<Stages.StageRecord> stages) {

  /**
   * One game at one setting: the defender's success with Wilson's 95% interval over all rounds of
   * all seeds, its errors, and what theory says beside it.
   *
   * @param family the function class, e.g. {@code intervals}, {@code tree}
   * @param attack {@code window}, {@code vc-lower-bound}, {@code isolate-path}, {@code
   *     planted-unit}
   * @param defender {@code erm}, {@code vote}, {@code leaf-mass}, {@code id3}, {@code student}
   * @param complexity the VC dimension d, or the number of leaves s for trees
   * @param samples the defender's sample size m (0 where it draws none)
   * @param falseAlarms clean rounds flagged
   * @param misses backdoored rounds not flagged
   * @param forfeits backdoored rounds the attacker could not play (counted as defender wins)
   * @param reference what theory predicts for this success (a guaranteed lower bound or an exact
   *     prediction, see {@code referenceKind}); NaN where there is none
   * @param referenceKind what {@code reference} is, in words
   * @param backdoorMass mean D-mass on which the backdoor differs from f (NaN where fixed)
   * @param recallAtOnePercent recall at a 1% false-positive rate of the defender's score (NaN where
   *     it has no score)
   * @param lower Wilson's 95% interval of the success, lower bound
   * @param upper and upper bound
   * @param recallLower Wilson's 95% interval of that recall, lower bound (NaN where none)
   * @param recallUpper and upper bound
   */
  public record Point(
      String family,
      String attack,
      String defender,
      int complexity,
      double epsilon,
      int samples,
      int rounds,
      int wins,
      int falseAlarms,
      int misses,
      int forfeits,
      double success,
      double lower,
      double upper,
      double reference,
      String referenceKind,
      double backdoorMass,
      double recallAtOnePercent,
      double recallLower,
      double recallUpper) {

    /** The success's interval. */
    public Interval interval() {
      return new Interval(lower, upper);
    }

    /** The recall's interval ({@link Interval#UNDEFINED} where there is no score). */
    public Interval recallInterval() {
      return new Interval(recallLower, recallUpper);
    }
  }

  /** A class's VC dimension on a small domain, computed by brute force, and the known value. */
  public record VcCheck(String family, String domain, int functions, int computed, int known) {}
}
