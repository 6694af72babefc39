package dev.traitlab.experiments.defendability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Json;
import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.lab.Lab;
import dev.traitlab.lab.RunContext;
import dev.traitlab.lab.stages.Stages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The game's bookkeeping, its exactly known cases, and the experiment end to end. */
class DefendabilityGameTest {

  @Test
  void underTheLowerBoundAttackEveryDefenderWinsExactlyHalf() {
    // Enumerate every labelling of the shattered set and every point, with the defender's own
    // randomness fixed per (shown function, input): clean rounds accept at some rate A, and the
    // backdoored rounds, which show the flipped labelling at its flipped point, reject at 1 - A.
    for (BooleanClasses.Kind kind : BooleanClasses.Kind.values()) {
      int n = 4;
      double accept = 0;
      double reject = 0;
      int cases = 0;
      for (int table = 0; table < 1 << n; table++) {
        for (int at = 0; at < n; at++) {
          boolean[] labels = labels(table, n);
          accept += flags(kind, n, labels, at) ? 0 : 1;
          boolean[] flipped = labels.clone();
          flipped[at] = !flipped[at];
          reject += flags(kind, n, flipped, at) ? 1 : 0;
          cases++;
        }
      }
      double success = 0.5 * accept / cases + 0.5 * reject / cases;
      assertEquals(0.5, success, 1e-12, kind.toString());
    }
  }

  private static boolean flags(BooleanClasses.Kind kind, int n, boolean[] labels, int at) {
    long table = 0;
    for (int i = 0; i < n; i++) {
      table |= labels[i] ? 1L << i : 0;
    }
    SplittableRandom rng = new SplittableRandom(Seeds.derive(1, "exact", table, at));
    return Rounds.booleanShatteredFlags(kind, n, 3, Rounds.Learning.ERM, 1, labels, at, rng);
  }

  private static boolean[] labels(int table, int n) {
    boolean[] labels = new boolean[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (table >>> i & 1) == 1;
    }
    return labels;
  }

  @Test
  void simulatedLowerBoundGamesSitAtOneHalf() {
    Game.Tally parity =
        Game.play(
            Rounds.booleanShattered(BooleanClasses.Kind.PARITY, 8, 12, Rounds.Learning.VOTE, 5),
            7,
            "half",
            1000);
    assertTrue(parity.interval().contains(0.5), parity.toString());
    Game.Tally intervals =
        Game.play(Rounds.intervalsShattered(3, 9, Rounds.Learning.ERM, 1), 7, "half", 1000);
    assertTrue(intervals.interval().contains(0.5), intervals.toString());
  }

  @Test
  void aDefenderWhoseSamplesCannotHitTheWindowIsNeverFooledByIt() {
    // k = 1: f is empty (no interval), f* is a window of 1s. With epsilon tiny against 1/m the
    // samples almost never land in the window, the ERM predicts 0 everywhere and every backdoor is
    // caught while no clean input is flagged: success at least 1/2 + (1 - eps)^m / 2.
    double epsilon = 1e-6;
    int m = 100;
    Game.Tally t =
        Game.play(Rounds.intervalsWindow(1, epsilon, m, Rounds.Learning.ERM, 1), 3, "k1", 400);
    assertEquals(0, t.falseAlarms());
    assertTrue(t.success() >= 0.5 + 0.5 * Math.pow(1 - epsilon, m) - 0.01, t.toString());
    // and against a large window that most samples hit, the same defender is fooled
    Game.Tally wide =
        Game.play(Rounds.intervalsWindow(1, 0.3, m, Rounds.Learning.ERM, 1), 3, "k1", 400);
    assertTrue(wide.success() < 0.6, wide.toString());
  }

  @Test
  void theLeafMassDefenderBeatsTheLearningDefenderOnLargeTrees() {
    double epsilon = 1e-3;
    Game.Tally leafMass =
        Game.play(
            Rounds.trees(64, 40, epsilon, Rounds.TreeDefender.LEAF_MASS, 2 * epsilon, 0),
            9,
            "t",
            300);
    Game.Tally id3 =
        Game.play(
            Rounds.trees(64, 40, epsilon, Rounds.TreeDefender.LEARNING, 2 * epsilon, 200),
            9,
            "t",
            300);
    assertEquals(0, leafMass.misses());
    assertTrue(leafMass.interval().lower() > id3.interval().upper(), leafMass + " vs " + id3);
  }

  @Test
  void tallyKeepsFalseAlarmsAndMissesApartAndCountsForfeitsAsWins() {
    Game.Round round =
        (backdoored, rng) ->
            backdoored ? Game.Verdict.forfeit(0.5) : Game.Verdict.of(false, true); // false alarm
    Game.Tally t = Game.play(round, 1, "x", 10);
    assertEquals(new Game.Tally(10, 5, 5, 5, 0), t);
  }

  static DefendabilityConfig tiny() {
    return new DefendabilityConfig(
        2,
        4,
        20,
        List.of("1e-3", "0.3"),
        List.of("2", "4"),
        0.01,
        4,
        List.of("8", "64"),
        3,
        List.of("4"),
        List.of("4", "16"),
        List.of("0.01"),
        24,
        2,
        6,
        List.of("16", "64"),
        0.05,
        8,
        6);
  }

  @Test
  void aSeedDeterminesTheWholeResultAndTheResultRoundTripsThroughJson(
      @TempDir Path a, @TempDir Path b) throws Exception {
    DefendabilityResult first = run(a);
    DefendabilityResult second = run(b);
    assertEquals(first.windows(), second.windows());
    assertEquals(first.trees(), second.trees());
    assertEquals(first.network(), second.network());
    assertEquals(first.lowerBound(), second.lowerBound());
    Path file = a.resolve("results.json");
    Json.write(file, first);
    DefendabilityResult back = Json.read(file, DefendabilityResult.class);
    assertEquals(first, back);
    // the window points at eps*d >= 1 carry the lower-bound attack too
    assertTrue(
        first.windows().stream().anyMatch(p -> p.attack().equals("vc-lower-bound")),
        first.windows().toString());
    java.util.Map<String, Double> metrics = new DefendabilityExperiment().metrics(back);
    assertEquals(
        java.util.Set.of(
            "window_d4_eps1e-3",
            "window_d4_eps0.3",
            "vc_lower_bound_mean",
            "tree_leaf_mass_s16",
            "tree_id3_s16",
            "network_best"),
        metrics.keySet());
    String text = new DefendabilityExperiment().textSummary(back);
    assertTrue(text.contains("against the sample size m"), text);
    assertTrue(
        !text.matches("(?s).*\\s-\\d\\.\\d{3}\\s+lower bound.*"), "no negative bound: " + text);
    String html = new DefendabilityExperiment().report("r", back).toHtml();
    assertEquals(5, html.split("<svg", -1).length - 1);
    Files.writeString(a.resolve("report.html"), html);
  }

  private static DefendabilityResult run(Path dir) {
    Lab lab = new Lab(dir, false, null, Progress.NONE);
    return new DefendabilityExperiment()
        .run(tiny(), new RunContext(lab, "test", dir, new Stages(dir, false, Progress.NONE)));
  }

  @Test
  void badOptionsAreRefusedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> withLists(List.of("0.5", "2"), List.of("8")));
    assertTrue(e.getMessage().contains("--epsilons"), e.getMessage());
    IllegalArgumentException odd =
        assertThrows(IllegalArgumentException.class, () -> withLists(List.of("0.5"), List.of("3")));
    assertTrue(odd.getMessage().contains("--dimensions"), odd.getMessage());
    assertEquals(List.of(0.5), withLists(List.of("0.5"), List.of("8")).epsilonValues());
  }

  /** The defaults with other epsilons and VC dimensions. */
  private static DefendabilityConfig withLists(List<String> epsilons, List<String> dimensions) {
    DefendabilityConfig d = DefendabilityConfig.defaults();
    return new DefendabilityConfig(
        d.seeds(),
        d.seed(),
        d.rounds(),
        epsilons,
        dimensions,
        d.sweepEpsilon(),
        d.sweepDimension(),
        d.sampleSizes(),
        d.voters(),
        d.booleanBits(),
        d.treeLeaves(),
        d.treeEpsilons(),
        d.treeBits(),
        d.tauFactor(),
        d.netRounds(),
        d.netSamples(),
        d.netEpsilon(),
        d.netBits(),
        d.netHidden());
  }

  /**
   * A value given twice in any list option is a usage error before any work, naming the option and
   * the value: before, "--dimensions 2,2" ran every game and then failed drawing the report.
   */
  @Test
  void aListOptionGivingAValueTwiceIsRefusedNamingOptionAndValue() throws Exception {
    java.util.Map<String, List<String>> twice =
        java.util.Map.of(
            "epsilons", List.of("0.1", "0.01", "0.1"),
            "dimensions", List.of("2", "2"),
            "sampleSizes", List.of("4", "16", "4"),
            "booleanBits", List.of("8", "8"),
            "treeLeaves", List.of("4", "8", "8"),
            "treeEpsilons", List.of("1e-2", "1e-2"),
            "netSamples", List.of("32", "32"));
    for (var e : twice.entrySet()) {
      Exception thrown =
          assertThrows(Exception.class, () -> withComponent(e.getKey(), e.getValue()));
      Throwable cause =
          thrown instanceof java.lang.reflect.InvocationTargetException i ? i.getCause() : thrown;
      String option = e.getKey().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
      String value = e.getValue().get(e.getValue().size() - 1);
      assertEquals(
          "--" + option + ": " + value + " is given twice; give each value once",
          cause.getMessage());
    }
    // the same number spelled two ways is the same point
    IllegalArgumentException spelled =
        assertThrows(
            IllegalArgumentException.class, () -> withLists(List.of("0.1", "1e-1"), List.of("8")));
    assertEquals(
        "--epsilons: 0.1 and 1e-1 are the same value; give each value once", spelled.getMessage());
    // distinct values still pass
    assertEquals(
        List.of(2, 4),
        ((DefendabilityConfig) withComponent("dimensions", List.of("2", "4"))).dimensionValues());
  }

  @Test
  void onTheCommandLineARepeatedValueExitsTwoWithOneLineBeforeAnyRun(@TempDir Path tmp) {
    Path runs = tmp.resolve("runs");
    java.io.StringWriter err = new java.io.StringWriter();
    int exit =
        dev.traitlab.cli.Main.execute(
            new java.io.PrintWriter(err, true),
            "run",
            "defendability",
            "--dimensions",
            "2,2",
            "--runs-dir",
            runs.toString());
    assertEquals(2, exit, err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertTrue(err.toString().contains("--dimensions: 2 is given twice"), err.toString());
    assertTrue(!Files.exists(runs), "no run is started");
  }

  /** The defaults with one component, by its record name, replaced. */
  private static Object withComponent(String name, Object value) throws Exception {
    DefendabilityConfig d = DefendabilityConfig.defaults();
    var components = DefendabilityConfig.class.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    boolean found = false;
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      args[i] = components[i].getAccessor().invoke(d);
      if (components[i].getName().equals(name)) {
        args[i] = value;
        found = true;
      }
    }
    assertTrue(found, name);
    return DefendabilityConfig.class.getDeclaredConstructor(types).newInstance(args);
  }

  @Test
  void theTerminalSaysWhichFiguresArePointEstimatesAndWhatTheIntervalsAreOver(@TempDir Path dir) {
    String text = new DefendabilityExperiment().textSummary(run(dir));
    String[] lines = text.split("\n");
    assertTrue(
        lines[0].contains(
                "pooled over 2 seeds from 4 (20 rounds per point and seed, 6 in the"
                    + " network game)")
            && lines[0].contains("Wilson"),
        lines[0]);
    // the window grid has point estimates alone, and its header says so
    assertTrue(lines[1].contains("point estimates") && !lines[1].contains("[95% CI]"), lines[1]);
    assertTrue(!lines[4].contains("["), "grid row: " + lines[4]);
    // every other table whose header promises intervals shows them in each row
    for (int i = 5; i < lines.length; i++) {
      if (lines[i].contains("[95% CI]")) {
        assertTrue(
            lines[i + 2].matches(".*\\d\\.\\d{3} \\[\\d\\.\\d{3}, \\d\\.\\d{3}\\].*"),
            lines[i + 2]);
      }
    }
  }

  @Test
  void aNegativeGuaranteeIsShownAsVacuous() {
    DefendabilityResult.Point p =
        new DefendabilityResult.Point(
            "intervals",
            "window",
            "erm",
            8,
            0.1,
            4,
            20,
            10,
            5,
            5,
            0,
            0.5,
            0.3,
            0.7,
            -0.8,
            "guarantee 1 - err(m)",
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN);
    assertEquals("vacuous", DefendabilityReport.theoryText(p));
  }
}
