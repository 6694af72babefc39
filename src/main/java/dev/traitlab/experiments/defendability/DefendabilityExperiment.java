package dev.traitlab.experiments.defendability;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.experiments.defendability.DefendabilityResult.Point;
import dev.traitlab.experiments.defendability.DefendabilityResult.VcCheck;
import dev.traitlab.experiments.defendability.Game.Tally;
import dev.traitlab.experiments.defendability.Game.Verdict;
import dev.traitlab.lab.Experiment;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.roc.RecallAtFpr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The backdoor defendability game of Christiano, Hilton, Lecomte and Xu (2024), simulated: for
 * several function classes an attacker plants a backdoor at a random trigger, and defenders try to
 * tell the backdoored function at its trigger from the original at a random input. Reports each
 * defender's success against epsilon, the sample size and the class's complexity, with Wilson
 * intervals, beside what the theory predicts.
 */
public final class DefendabilityExperiment
    implements Experiment<DefendabilityConfig, DefendabilityResult> {
  public static final String NAME = "defendability";
  private static final TypeReference<List<Point>> POINTS = new TypeReference<>() {};
  private static final TypeReference<List<VcCheck>> CHECKS = new TypeReference<>() {};

  /** Random trees averaged for the leaf-mass defender's exact prediction. */
  private static final int PREDICTION_TREES = 4000;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "Backdoor defendability (Christiano, Hilton, Lecomte, Xu 2024): can a defender who sees"
        + " a function and an input tell a backdoor's random trigger from an ordinary input?";
  }

  @Override
  public List<String> description() {
    return List.of(
        "Games: unions of k intervals on [0, 1] (VC dimension 2k) against a window attack, with a"
            + " learning defender (one ERM on m samples of the function it is shown, flagging"
            + " disagreement) and a voting defender (majority of ERMs on bootstrap resamples);"
            + " the VC lower-bound attack (D uniform on a shattered set) on intervals,"
            + " conjunctions and parities of n bits; decision trees with a path-isolating"
            + " backdoor against the efficient leaf-mass defender and a learning (ID3) one; a"
            + " small tanh network with a planted trigger unit against a student network.",
        "Each point is the defender's success over rounds (half clean, half backdoored) of all"
            + " seeds, with a Wilson 95 percent interval, beside theory: 1 - err(m) - m*eps/2 for a"
            + " learning defender, 1/2 exactly under the lower-bound attack, 1 - sqrt(2*eps*d)"
            + " for a learner of error d/m at its best m. Defaults take 1.5 to 3 minutes on 2"
            + " shared cores, most of it the network game; --net-rounds 0 skips it.");
  }

  @Override
  public Class<DefendabilityConfig> configType() {
    return DefendabilityConfig.class;
  }

  @Override
  public Class<DefendabilityResult> resultType() {
    return DefendabilityResult.class;
  }

  @Override
  public DefendabilityConfig defaults() {
    return DefendabilityConfig.defaults();
  }

  @Override
  public List<Long> seeds(DefendabilityConfig config) {
    return config.seedList();
  }

  @Override
  public DefendabilityResult run(DefendabilityConfig c, RunContext context) {
    Stages stages = context.stages();
    Progress progress = context.progress();
    List<Long> seeds = c.seedList();

    Map<String, Object> windowInputs = inputs(c);
    windowInputs.put("epsilons", c.epsilonValues());
    windowInputs.put("dimensions", c.dimensionValues());
    windowInputs.put("voters", c.voters());
    List<Point> windows =
        stages.value("windows", windowInputs, POINTS, dir -> windows(c, seeds, progress)).value();

    Map<String, Object> sweepInputs = inputs(c);
    sweepInputs.put("epsilon", c.sweepEpsilon());
    sweepInputs.put("dimension", c.sweepDimension());
    sweepInputs.put("samples", c.sampleSizeValues());
    sweepInputs.put("voters", c.voters());
    List<Point> sweep =
        stages
            .value("sample-sweep", sweepInputs, POINTS, dir -> sampleSweep(c, seeds, progress))
            .value();

    Map<String, Object> lowerInputs = inputs(c);
    lowerInputs.put("bits", c.booleanBitValues());
    lowerInputs.put("dimensions", c.dimensionValues());
    List<Point> lower =
        stages
            .value("lower-bound", lowerInputs, POINTS, dir -> lowerBound(c, seeds, progress))
            .value();

    Map<String, Object> treeInputs = inputs(c);
    treeInputs.put("leaves", c.treeLeafValues());
    treeInputs.put("epsilons", c.treeEpsilonValues());
    treeInputs.put("bits", c.treeBits());
    treeInputs.put("tau", c.tauFactor());
    List<Point> trees =
        stages.value("trees", treeInputs, POINTS, dir -> trees(c, seeds, progress)).value();

    List<Point> network = List.of();
    if (c.netRounds() > 0) {
      Map<String, Object> netInputs = new LinkedHashMap<>();
      netInputs.put("seeds", seeds);
      netInputs.put("rounds", c.netRounds());
      netInputs.put("samples", c.netSampleValues());
      netInputs.put("spec", netSpec(c));
      network =
          stages.value("network", netInputs, POINTS, dir -> network(c, seeds, progress)).value();
    }

    List<VcCheck> vc =
        stages.value("vc-dimensions", Map.of("v", 1), CHECKS, dir -> vcChecks()).value();
    return new DefendabilityResult(c, windows, sweep, lower, trees, network, vc, stages.records());
  }

  private static Map<String, Object> inputs(DefendabilityConfig c) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("seeds", c.seedList());
    in.put("rounds", c.rounds());
    return in;
  }

  /** The defender's sample size that balances a learner's error d/m against the chance m*eps/2. */
  static int balancedSamples(double complexity, double epsilon) {
    return (int) Math.min(200_000, Math.max(1, Math.ceil(Math.sqrt(2 * complexity / epsilon))));
  }

  private static List<Point> windows(DefendabilityConfig c, List<Long> seeds, Progress progress) {
    List<Point> out = new ArrayList<>();
    List<Integer> dims = c.dimensionValues();
    List<Double> eps = c.epsilonValues();
    progress.start("interval games", (long) dims.size() * eps.size());
    long done = 0;
    for (int d : dims) {
      int k = d / 2;
      for (double e : eps) {
        int m = balancedSamples(d, e);
        String key = "windows/" + d + "/" + e;
        for (Rounds.Learning how : Rounds.Learning.values()) {
          Tally t =
              Game.playSeeds(
                  Rounds.intervalsWindow(k, e, m, how, c.voters()), seeds, key, c.rounds());
          out.add(learningPoint("intervals", "window", defenderName(how), d, e, m, t));
        }
        if (e * d >= 1) {
          Tally t =
              Game.playSeeds(
                  Rounds.intervalsShattered(k, m, Rounds.Learning.ERM, 1),
                  seeds,
                  key + "/lower",
                  c.rounds());
          out.add(exactHalf("intervals", "erm", d, e, m, t));
        }
        progress.step(++done, "d=" + d + " eps=" + e);
      }
    }
    progress.finish();
    return out;
  }

  private static List<Point> sampleSweep(
      DefendabilityConfig c, List<Long> seeds, Progress progress) {
    List<Point> out = new ArrayList<>();
    int d = c.sweepDimension();
    double e = c.sweepEpsilon();
    List<Integer> sizes = c.sampleSizeValues();
    progress.start("sample-size sweep (d=" + d + ", eps=" + e + ")", sizes.size());
    long done = 0;
    for (int m : sizes) {
      for (Rounds.Learning how : Rounds.Learning.values()) {
        Tally t =
            Game.playSeeds(
                Rounds.intervalsWindow(d / 2, e, m, how, c.voters()),
                seeds,
                "sweep/" + m,
                c.rounds());
        out.add(learningPoint("intervals", "window", defenderName(how), d, e, m, t));
      }
      progress.step(++done, "m=" + m);
    }
    progress.finish();
    return out;
  }

  private static List<Point> lowerBound(
      DefendabilityConfig c, List<Long> seeds, Progress progress) {
    List<Point> out = new ArrayList<>();
    List<Integer> bits = c.booleanBitValues();
    progress.start("VC lower-bound attack", 2L * bits.size() + c.dimensionValues().size());
    long done = 0;
    for (int n : bits) {
      for (BooleanClasses.Kind kind : BooleanClasses.Kind.values()) {
        double e = 1.0 / n;
        int m = balancedSamples(n, e);
        Tally t =
            Game.playSeeds(
                Rounds.booleanShattered(kind, n, m, Rounds.Learning.ERM, 1),
                seeds,
                "lower/" + kind + "/" + n,
                c.rounds());
        out.add(exactHalf(kind.name().toLowerCase(java.util.Locale.ROOT), "erm", n, e, m, t));
        progress.step(++done, kind + " n=" + n);
      }
    }
    for (int d : c.dimensionValues()) {
      double e = 1.0 / d;
      int m = balancedSamples(d, e);
      Tally t =
          Game.playSeeds(
              Rounds.intervalsShattered(d / 2, m, Rounds.Learning.ERM, 1),
              seeds,
              "lower/intervals/" + d,
              c.rounds());
      out.add(exactHalf("intervals", "erm", d, e, m, t));
      progress.step(++done, "intervals d=" + d);
    }
    progress.finish();
    return out;
  }

  private static List<Point> trees(DefendabilityConfig c, List<Long> seeds, Progress progress) {
    List<Point> out = new ArrayList<>();
    List<Integer> leaves = c.treeLeafValues();
    List<Double> eps = c.treeEpsilonValues();
    int bits = c.treeBits();
    int bitsLog = 64 - Long.numberOfLeadingZeros(bits - 1L); // ceil(log2 bits)
    progress.start("decision-tree games", (long) leaves.size() * eps.size());
    long done = 0;
    for (double e : eps) {
      double tau = c.tauFactor() * e;
      for (int s : leaves) {
        String key = "trees/" + s + "/" + e;
        Tally leafMass =
            Game.playSeeds(
                Rounds.trees(s, bits, e, Rounds.TreeDefender.LEAF_MASS, tau, 0),
                seeds,
                key,
                c.rounds());
        double light = expectedLightMass(s, bits, tau, seeds.get(0));
        out.add(
            point(
                "tree",
                "isolate-path",
                "leaf-mass",
                s,
                e,
                0,
                leafMass,
                1 - light / 2,
                "prediction 1 - E[mass of leaves lighter than tau]/2 (every backdoor is flagged),"
                    + " over "
                    + PREDICTION_TREES
                    + " random trees",
                Double.NaN,
                null));
        int m = balancedSamples((double) s * bitsLog, e);
        Tally id3 =
            Game.playSeeds(
                Rounds.trees(s, bits, e, Rounds.TreeDefender.LEARNING, tau, m),
                seeds,
                key,
                c.rounds());
        out.add(learningPoint("tree", "isolate-path", "id3", s, e, m, id3));
        progress.step(++done, "s=" + s + " eps=" + e);
      }
    }
    progress.finish();
    return out;
  }

  /** E over random trees of the D-mass of leaves lighter than tau (the leaf-mass false alarms). */
  static double expectedLightMass(int leaves, int bits, double tau, long seed) {
    SplittableRandom rng =
        new SplittableRandom(
            Seeds.derive(seed, "light-mass", leaves, Double.doubleToLongBits(tau)));
    double total = 0;
    for (int i = 0; i < PREDICTION_TREES; i++) {
      total += DecisionTree.massOfLeavesLighterThan(DecisionTree.random(leaves, bits, rng), tau);
    }
    return total / PREDICTION_TREES;
  }

  static Rounds.NetSpec netSpec(DefendabilityConfig c) {
    return new Rounds.NetSpec(
        c.netBits(), c.netHidden(), 1024, 600, 0.5, 150, 0.05, c.netEpsilon());
  }

  private static List<Point> network(DefendabilityConfig c, List<Long> seeds, Progress progress) {
    int[] sizes = c.netSampleValues().stream().mapToInt(Integer::intValue).toArray();
    List<List<Verdict>> bySize = new ArrayList<>();
    for (int j = 0; j < sizes.length; j++) {
      bySize.add(new ArrayList<>());
    }
    progress.start("network game", seeds.size());
    long done = 0;
    for (long seed : seeds) {
      Verdict[][] v =
          Game.verdicts(Rounds.network(netSpec(c), sizes), seed, "network", c.netRounds());
      for (int j = 0; j < sizes.length; j++) {
        // keep round parity: verdicts of every seed in round order, even rounds clean
        bySize.get(j).addAll(List.of(v[j]));
      }
      progress.step(++done, "seed " + seed);
    }
    progress.finish();
    List<Point> out = new ArrayList<>();
    for (int j = 0; j < sizes.length; j++) {
      Verdict[] all = bySize.get(j).toArray(Verdict[]::new);
      out.add(networkPoint(c, sizes[j], all, c.netRounds()));
    }
    return out;
  }

  private static Point networkPoint(DefendabilityConfig c, int m, Verdict[] all, int perSeed) {
    // rounds of several seeds are concatenated; perSeed even keeps the parity of each seed's block
    Tally t = perSeed % 2 == 0 ? Game.tally(all) : tallyBlocks(all, perSeed);
    List<Double> negatives = new ArrayList<>();
    List<Double> positives = new ArrayList<>();
    double massSum = 0;
    int masses = 0;
    for (int i = 0; i < all.length; i++) {
      Verdict v = all[i];
      boolean backdoored = (i % perSeed) % 2 == 1;
      if (!Double.isNaN(v.backdoorMass())) {
        massSum += v.backdoorMass();
        masses++;
      }
      if (v.outcome() == Game.Outcome.FORFEIT) {
        continue;
      }
      (backdoored ? positives : negatives).add(v.score());
    }
    double recall = Double.NaN;
    Interval recallInterval = Interval.UNDEFINED;
    if (!negatives.isEmpty() && !positives.isEmpty()) {
      RecallAtFpr r =
          RecallAtFpr.of(
              negatives.stream().mapToDouble(Double::doubleValue).toArray(),
              positives.stream().mapToDouble(Double::doubleValue).toArray(),
              0.01);
      recall = r.recall();
      recallInterval = r.recallInterval();
    }
    double err = 2.0 * t.falseAlarms() / t.rounds();
    return point(
        "network",
        "planted-unit",
        "student",
        c.netHidden() + 1,
        c.netEpsilon(),
        m,
        t,
        1 - err - m * c.netEpsilon() / 2,
        "guarantee 1 - err(m) - m*eps/2 (err: measured rate of false alarms)",
        masses == 0 ? Double.NaN : massSum / masses,
        new double[] {recall, recallInterval.lower(), recallInterval.upper()});
  }

  private static Tally tallyBlocks(Verdict[] all, int perSeed) {
    Tally total = new Tally(0, 0, 0, 0, 0);
    for (int from = 0; from < all.length; from += perSeed) {
      total = total.plus(Game.tally(java.util.Arrays.copyOfRange(all, from, from + perSeed)));
    }
    return total;
  }

  private static String defenderName(Rounds.Learning how) {
    return how == Rounds.Learning.ERM ? "erm" : "vote";
  }

  private static Point learningPoint(
      String family, String attack, String defender, int d, double e, int m, Tally t) {
    double err = 2.0 * t.falseAlarms() / t.rounds();
    return point(
        family,
        attack,
        defender,
        d,
        e,
        m,
        t,
        1 - err - m * e / 2,
        "guarantee 1 - err(m) - m*eps/2 (err: measured rate of false alarms)",
        Double.NaN,
        null);
  }

  private static Point exactHalf(String family, String defender, int d, double e, int m, Tally t) {
    return point(
        family,
        "vc-lower-bound",
        defender,
        d,
        e,
        m,
        t,
        0.5,
        "exact: (f*, x*) is distributed as (f, x), so every defender wins half",
        Double.NaN,
        null);
  }

  private static Point point(
      String family,
      String attack,
      String defender,
      int complexity,
      double epsilon,
      int samples,
      Tally t,
      double reference,
      String referenceKind,
      double backdoorMass,
      double[] recall) {
    return new Point(
        family,
        attack,
        defender,
        complexity,
        epsilon,
        samples,
        t.rounds(),
        t.wins(),
        t.falseAlarms(),
        t.misses(),
        t.forfeits(),
        t.success(),
        t.interval().lower(),
        t.interval().upper(),
        reference,
        referenceKind,
        backdoorMass,
        recall == null ? Double.NaN : recall[0],
        recall == null ? Double.NaN : recall[1],
        recall == null ? Double.NaN : recall[2]);
  }

  /** The VC dimensions of the classes on small domains, by brute force over their truth tables. */
  static List<VcCheck> vcChecks() {
    List<VcCheck> out = new ArrayList<>();
    int points = 8;
    out.add(lineCheck("thresholds", points, 0, 1));
    for (int k = 1; k <= 3; k++) {
      out.add(lineCheck("unions of " + k + " interval" + (k == 1 ? "" : "s"), points, k, 2 * k));
    }
    int n = 4;
    for (BooleanClasses.Kind kind : BooleanClasses.Kind.values()) {
      List<Long> tables = new ArrayList<>();
      for (long mask = 0; mask < 1L << n; mask++) {
        long table = 0;
        for (int x = 0; x < 1 << n; x++) {
          if (kind.at(mask, x)) {
            table |= 1L << x;
          }
        }
        tables.add(table);
      }
      String name = kind == BooleanClasses.Kind.CONJUNCTION ? "monotone conjunctions" : "parities";
      out.add(
          new VcCheck(
              name, "{0,1}^" + n, tables.size(), Shattering.vcDimension(tables, 1 << n), n));
    }
    for (int s = 2; s <= 3; s++) {
      List<Long> tables = treeTables(3, s);
      out.add(
          new VcCheck(
              "decision trees of at most " + s + " leaves",
              "{0,1}^3",
              tables.size(),
              Shattering.vcDimension(tables, 8),
              -1));
    }
    return out;
  }

  /**
   * Labellings of {@code points} sorted points that unions of at most k intervals realise (k = 0:
   * thresholds x >= t).
   */
  private static VcCheck lineCheck(String name, int points, int k, int known) {
    List<Long> tables = new ArrayList<>();
    for (long table = 0; table < 1L << points; table++) {
      boolean[] labels = new boolean[points];
      for (int i = 0; i < points; i++) {
        labels[i] = (table >>> i & 1L) == 1;
      }
      boolean ok;
      if (k == 0) {
        ok = true;
        for (int i = 1; i < points; i++) {
          ok &= !labels[i - 1] || labels[i]; // never 1 then 0
        }
      } else {
        ok = Intervals.runs(labels) <= k;
      }
      if (ok) {
        tables.add(table);
      }
    }
    return new VcCheck(
        name,
        points + " points on a line",
        tables.size(),
        Shattering.vcDimension(tables, points),
        known);
  }

  /** The distinct truth tables on {0,1}^n of trees with at most {@code leaves} leaves. */
  static List<Long> treeTables(int n, int leaves) {
    return new ArrayList<>(
        new java.util.TreeSet<>(subtreeTables(n, leaves, 0L, (1L << (1 << n)) - 1)));
  }

  /**
   * The tables, restricted to the inputs in {@code region} (the points reaching this node), of
   * trees with at most {@code leaves} leaves that never test a bit in {@code used}.
   */
  private static List<Long> subtreeTables(int n, int leaves, long used, long region) {
    List<Long> out = new ArrayList<>();
    out.add(0L);
    out.add(region);
    if (leaves < 2) {
      return out;
    }
    for (int bit = 0; bit < n; bit++) {
      if ((used >>> bit & 1L) != 0) {
        continue;
      }
      long ones = 0;
      for (int x = 0; x < 1 << n; x++) {
        if ((x >>> bit & 1) == 1) {
          ones |= 1L << x;
        }
      }
      for (int left = 1; left < leaves; left++) {
        List<Long> zero = subtreeTables(n, left, used | 1L << bit, region & ~ones);
        List<Long> one = subtreeTables(n, leaves - left, used | 1L << bit, region & ones);
        for (long a : zero) {
          for (long b : one) {
            out.add(a | b);
          }
        }
      }
    }
    return out;
  }

  @Override
  public HtmlReport report(String runId, DefendabilityResult result) {
    return DefendabilityReport.build(runId, result);
  }

  @Override
  public String textSummary(DefendabilityResult result) {
    return DefendabilityReport.text(result);
  }

  @Override
  public Map<String, Double> metrics(DefendabilityResult result) {
    return DefendabilityReport.metrics(result);
  }
}
