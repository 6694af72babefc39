package dev.traitlab.experiments.defendability;

import dev.traitlab.core.Json;
import dev.traitlab.experiments.defendability.DefendabilityResult.Point;
import dev.traitlab.experiments.defendability.DefendabilityResult.VcCheck;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.report.IntervalBarChart;
import dev.traitlab.report.IntervalLineChart;
import dev.traitlab.report.TextTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The defendability report, its text summary and its headline metrics. */
public final class DefendabilityReport {
  private static final int WIDTH = 860;
  private static final int HEIGHT = 440;

  private DefendabilityReport() {}

  public static HtmlReport build(String runId, DefendabilityResult r) {
    DefendabilityConfig c = r.config();
    HtmlReport report = new HtmlReport("Backdoor defendability, simulated");
    report.meta(
        "run " + runId + " · " + c.seedsText() + " · " + c.rounds() + " rounds per point and seed");
    report.paragraph(
        "The game of Christiano, Hilton, Lecomte and Xu (2024, arXiv:2409.03077): an attacker"
            + " chooses a distribution D and a function f of a class; a trigger x* is drawn from D;"
            + " the attacker answers with a backdoored f* of the class that differs from f at x*"
            + " and on at most a fraction epsilon of D. The defender, shown either (f, x) with a"
            + " fresh x ~ D or (f*, x*), each half of the time, must say which. Success is the"
            + " share of rounds it calls right, pooled over the rounds of all seeds, with Wilson's"
            + " 95% interval. Attackers here always have a valid backdoor except the network's,"
            + " whose forfeits (no valid backdoor) count as defender wins and are reported.");

    report.heading("Defence is possible when epsilon is small against 1/VC dimension");
    report.paragraph(
        "Unions of k intervals on [0, 1] (VC dimension d = 2k), D uniform. The attacker's f is"
            + " a random union of k - 1 intervals and its backdoor sets a window of D-mass epsilon"
            + " around x* to the other label, which keeps f* in the class. The learning defender"
            + " draws m = ceil(sqrt(2d/epsilon)) samples labelled by the function it is shown,"
            + " fits one ERM (nearest-neighbour boundaries) and flags disagreement at the input."
            + " It errs when its samples hit the backdoor window (probability about m*epsilon) or"
            + " when the learner errs at the input (about d/m): for a learner of error d/m the"
            + " best m gives success at least 1 - sqrt(2*epsilon*d), a function of epsilon*d"
            + " alone (dashed). Where epsilon >= 1/d the attacker also has the VC lower-bound"
            + " attack: D uniform on d points the class shatters, f a random labelling, f* = f"
            + " flipped at x*; then (f*, x*) has the distribution of (f, x) and every defender"
            + " wins exactly half.");
    IntervalLineChart windows =
        successChart("Learning defender against the window attack", "epsilon x VC dimension");
    TreeSet<Double> products = new TreeSet<>();
    for (Point p : r.windows()) {
      if (p.attack().equals("window") && p.defender().equals("erm")) {
        double x = p.epsilon() * p.complexity();
        windows.point("d = " + p.complexity(), x, p.success(), p.interval());
        products.add(x);
      }
    }
    for (Point p : r.windows()) {
      if (p.attack().equals("vc-lower-bound")) {
        double x = p.epsilon() * p.complexity();
        windows.point("VC lower-bound attack", x, p.success(), p.interval());
      }
    }
    for (double x : products) {
      if (x < 0.5) {
        windows.reference("1 - sqrt(2 eps d)", x, 1 - Math.sqrt(2 * x));
      }
    }
    report.svg(windows.toSvg(WIDTH, HEIGHT));
    report.table(pointTable(r.windows(), true));

    report.heading(
        "The defender's sample size: too few cannot learn, too many sample the backdoor");
    report.paragraph(
        "One class (d = "
            + c.sweepDimension()
            + ") at epsilon = "
            + c.sweepEpsilon()
            + ", the learning defender at each sample size m, and the voting defender (majority of "
            + c.voters()
            + " ERMs on bootstrap resamples of the same m samples, as in the majority-of-ERMs"
            + " learner the paper's unbounded result relies on). Dashed: the guarantee 1 - err(m)"
            + " - m*epsilon/2 of the single ERM, where err(m) is its measured rate of false alarms"
            + " on clean rounds: a backdoor is missed only if a sample lands in the window"
            + " (probability at most m*epsilon) or the learner would err at x* anyway.");
    IntervalLineChart sweep = successChart("Success against the sample size", "samples m");
    for (Point p : r.sampleSweep()) {
      sweep.point(
          p.defender().equals("erm") ? "one ERM" : "vote of " + c.voters() + " ERMs",
          p.samples(),
          p.success(),
          p.interval());
      if (p.defender().equals("erm")) {
        sweep.reference("guarantee (one ERM)", p.samples(), Math.max(0, p.reference()));
      }
    }
    report.svg(sweep.toSvg(WIDTH, HEIGHT));
    report.table(pointTable(r.sampleSweep(), false));

    report.heading("At epsilon = 1/d no defender beats chance");
    report.paragraph(
        "The VC lower-bound attack on monotone conjunctions and parities of n bits (VC dimension"
            + " n; D uniform on the n points the class shatters) and on unions of intervals, at"
            + " epsilon = 1/d, the smallest epsilon at which flipping one point of the shattered"
            + " set is allowed. The learning defender's success should be 1/2, whatever m. Below"
            + " 1/d this attack is not available, and the classes are defended as in the first"
            + " figure.");
    IntervalBarChart lower =
        new IntervalBarChart("VC lower-bound attack at epsilon = 1/d", "success")
            .optUpperBound(1.0)
            .reference("chance", 0.5);
    for (Point p : r.lowerBound()) {
      lower.bar(p.family() + ", d=" + p.complexity(), p.success(), p.interval());
    }
    report.svg(lower.toSvg(WIDTH, 380));
    report.table(pointTable(r.lowerBound(), false));
    report.paragraph("VC dimensions of the classes on small domains, by brute force:");
    TextTable vc = TextTable.of("class", "domain", "functions", "VC dimension", "known");
    for (VcCheck v : r.vcDimensions()) {
      vc.row(
          v.family(),
          v.domain(),
          Integer.toString(v.functions()),
          Integer.toString(v.computed()),
          v.known() < 0 ? "" : Integer.toString(v.known()));
    }
    report.table(vc);

    report.heading("Decision trees: defence beats learning");
    report.paragraph(
        "Random decision trees of s leaves over "
            + c.treeBits()
            + " bits, D uniform (a leaf at depth k holds mass 2^-k). The backdoor grows a path"
            + " below x*'s leaf until x* sits alone in a leaf of mass at most epsilon, and flips"
            + " it. The efficient defender reads the tree it is shown and flags the input when"
            + " its leaf holds less than tau = "
            + fmt(c.tauFactor())
            + " x epsilon: every backdoor is caught, and a clean input is flagged only when it"
            + " lands in a light leaf, so the prediction (dashed) is 1 - E[mass of leaves lighter"
            + " than tau]/2. The learning defender fits ID3 to m = ceil(sqrt(2 s log2(n) /"
            + " epsilon)) samples and flags disagreement. The paper presents polynomial-size"
            + " decision trees as a class that is efficiently defendable although efficient"
            + " learning of them is not known.");
    IntervalLineChart trees = successChart("Decision trees", "leaves s");
    for (Point p : r.trees()) {
      String name =
          (p.defender().equals("leaf-mass") ? "leaf mass" : "ID3 learner")
              + ", eps="
              + fmt(p.epsilon());
      trees.point(name, p.complexity(), p.success(), p.interval());
      if (p.defender().equals("leaf-mass")) {
        trees.reference("prediction, eps=" + fmt(p.epsilon()), p.complexity(), p.reference());
      }
    }
    report.svg(trees.toSvg(WIDTH, HEIGHT));
    report.table(pointTable(r.trees(), false));

    if (!r.network().isEmpty()) {
      Point first = r.network().get(0);
      report.heading("A small network with a planted trigger");
      report.paragraph(
          "f is a random tanh network on "
              + c.netBits()
              + " input bits (read as +-1) with "
              + c.netHidden()
              + " hidden units, plus one silent unit; D is uniform on all "
              + (1 << c.netBits())
              + " inputs. The attacker plants x* by training the silent unit alone to flip x* by"
              + " a margin while keeping the logit on 1024 random anchors; the backdoor then"
              + " differs from f on a mean D-mass of "
              + fmt(first.backdoorMass())
              + " (forfeit when above epsilon = "
              + fmt(c.netEpsilon())
              + "). The defender trains a fresh network of the same shape on m samples labelled"
              + " by the network it is shown and flags disagreement; its score (the student's"
              + " probability of the other label) also gives recall at a 1% false-positive"
              + " rate. As in the interval games, larger m learns f better but samples the"
              + " backdoor more often. The 1% threshold is set on the clean rounds' scores: with a"
              + " few hundred of them it rests on one or two scores, and Wilson's interval of the"
              + " recall leaves that noise out, so read recall from runs with a thousand or more"
              + " clean rounds (--seeds 10 --net-rounds 200).");
      IntervalLineChart net =
          new IntervalLineChart("Network with a planted trigger", "samples m", "rate")
              .logX()
              .yRange(0, 1.0)
              .level("chance (success)", 0.5);
      for (Point p : r.network()) {
        net.point("success", p.samples(), p.success(), p.interval());
        if (!Double.isNaN(p.recallAtOnePercent())) {
          net.point("recall at 1% FPR", p.samples(), p.recallAtOnePercent(), p.recallInterval());
        }
      }
      report.svg(net.toSvg(WIDTH, HEIGHT));
      TextTable t = pointTable(r.network(), false);
      report.table(t);
      TextTable recall = TextTable.of("samples m", "recall at 1% FPR [95% CI]", "backdoor mass");
      for (Point p : r.network()) {
        recall.row(
            Integer.toString(p.samples()),
            Double.isNaN(p.recallAtOnePercent())
                ? "n/a"
                : String.format(
                    Locale.ROOT,
                    "%.3f [%.3f, %.3f]",
                    p.recallAtOnePercent(),
                    p.recallInterval().lower(),
                    p.recallInterval().upper()),
            fmt(p.backdoorMass()));
      }
      report.table(recall);
    }

    report.heading("What the paper's text could and could not confirm");
    report.paragraph(
        "Confirmed from the stored abstract and section list (arXiv:2409.03077, ITCS 2025):"
            + " the game (a backdoor that behaves differently on a trigger and the same almost"
            + " everywhere else, detected at evaluation time, with a randomly chosen trigger as the"
            + " key constraint); that defendability in the computationally unbounded setting is"
            + " essentially determined by the VC dimension via a voting algorithm of Hanneke et"
            + " al.; efficient PAC learnability implies efficient defendability but not conversely;"
            + " polynomial-size circuits are not efficiently defendable under indistinguishability"
            + " obfuscation; polynomial-size decision trees are a natural class where defence is"
            + " strictly easier than learning; sections 3 (definition), 4 (statistical, Theorem"
            + " 4.1), 5 (computational), 6 (decision trees, Theorem 6.1). Not confirmed (the"
            + " stored copies stop after the abstract): the exact constants and quantifiers of"
            + " Definition 3.1 and Theorems 4.1 and 6.1, how the definition treats a trigger with"
            + " no valid backdoor, and the exact voting learner and tree defender. The guarantees"
            + " drawn here are derived in this report from the game itself.");

    report.heading("Stages").table(Stages.table(r.stages()));
    report.heading("Configuration");
    report.preformatted(Json.pretty(c));
    return report;
  }

  /** A chart of success (0.3 to 1, chance marked) against a logarithmic x. */
  private static IntervalLineChart successChart(String title, String xLabel) {
    return new IntervalLineChart(title, xLabel, "success")
        .logX()
        .yRange(0.3, 1.0)
        .level("chance", 0.5);
  }

  /** The points as a table; {@code withAttack} keeps the attack column. */
  static TextTable pointTable(List<Point> points, boolean withAttack) {
    TextTable t =
        TextTable.of(
                "class",
                "attack",
                "defender",
                "d or s",
                "epsilon",
                "m",
                "success [95% CI]",
                "false alarms",
                "misses",
                "forfeits",
                "theory",
                "theory is")
            .alignRight(3, 4, 5, 6, 7, 8, 9, 10);
    for (Point p : points) {
      t.row(
          p.family(),
          p.attack(),
          p.defender(),
          Integer.toString(p.complexity()),
          fmt(p.epsilon()),
          Integer.toString(p.samples()),
          successText(p),
          p.falseAlarms() + "/" + p.rounds() / 2,
          p.misses() + "/" + p.rounds() / 2,
          Integer.toString(p.forfeits()),
          theoryText(p),
          shortKind(p.referenceKind()));
    }
    return withAttack ? t : t.columns(0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
  }

  /**
   * The theory's figure; a guarantee 1 - err(m) below zero (too few samples for the bound to say
   * anything) is shown as vacuous rather than as a negative success rate.
   */
  static String theoryText(Point p) {
    if (Double.isNaN(p.reference())) {
      return "";
    }
    if (p.reference() < 0 && p.referenceKind().startsWith("guarantee")) {
      return "vacuous";
    }
    return String.format(Locale.ROOT, "%.3f", p.reference());
  }

  private static String shortKind(String kind) {
    if (kind.startsWith("guarantee")) {
      return "lower bound";
    }
    if (kind.startsWith("exact")) {
      return "exact";
    }
    return kind.startsWith("prediction") ? "prediction" : kind;
  }

  static String successText(Point p) {
    return String.format(
        Locale.ROOT, "%.3f [%.3f, %.3f]", p.success(), p.interval().lower(), p.interval().upper());
  }

  /** The terminal summary: each game's headline rows. */
  public static String text(DefendabilityResult r) {
    StringBuilder out = new StringBuilder();
    DefendabilityConfig c = r.config();
    out.append("Success is the share of rounds called right, pooled over ")
        .append(c.seedsText())
        .append(" (")
        .append(c.rounds())
        .append(" rounds per point and seed");
    if (!r.network().isEmpty()) {
      out.append(", ").append(c.netRounds()).append(" in the network game");
    }
    out.append("); [95% CI] is Wilson's interval over those rounds.\n");
    double width = 0;
    for (Point p : r.windows()) {
      if (p.attack().equals("window") && p.defender().equals("erm")) {
        width = Math.max(width, p.interval().upper() - p.interval().lower());
      }
    }
    out.append("Learning defender (one ERM, m = ceil(sqrt(2d/eps))) vs the window attack,")
        .append(" success as point estimates (their 95% CIs, up to ")
        .append(String.format(Locale.ROOT, "%.3f", width))
        .append(" wide, are in the report's first table):\n");
    TreeSet<Double> eps = new TreeSet<>();
    TreeSet<Integer> dims = new TreeSet<>();
    for (Point p : r.windows()) {
      eps.add(p.epsilon());
      dims.add(p.complexity());
    }
    List<String> header = new java.util.ArrayList<>();
    header.add("d \\ eps");
    for (double e : eps) {
      header.add(fmt(e));
    }
    TextTable grid = new TextTable(header);
    for (int d : dims) {
      List<String> row = new java.util.ArrayList<>();
      row.add(Integer.toString(d));
      for (double e : eps) {
        String cell = "";
        for (Point p : r.windows()) {
          if (p.complexity() == d
              && p.epsilon() == e
              && p.attack().equals("window")
              && p.defender().equals("erm")) {
            cell = String.format(Locale.ROOT, "%.3f", p.success());
          }
        }
        row.add(cell);
      }
      grid.row(row);
    }
    out.append(grid.render()).append('\n');
    if (!r.sampleSweep().isEmpty()) {
      out.append("Learning defender against the sample size m (theory: the one-ERM guarantee):\n");
      out.append(pointTable(r.sampleSweep(), false).columns(1, 2, 3, 4, 5, 9, 10).render())
          .append('\n');
    }
    out.append("VC lower-bound attack at eps = 1/d (every defender: 1/2):\n");
    out.append(pointTable(r.lowerBound(), false).columns(0, 1, 2, 5).render()).append('\n');
    out.append("Decision trees (leaf-mass defender vs ID3 learner):\n");
    out.append(pointTable(r.trees(), false).columns(0, 1, 2, 3, 4, 5, 9).render());
    if (!r.network().isEmpty()) {
      out.append('\n').append("Network with a planted trigger (student defender):\n");
      out.append(pointTable(r.network(), false).columns(4, 5, 6, 7, 8, 9).render());
    }
    return out.toString();
  }

  /**
   * Headline numbers: the learning defender at the largest VC dimension and the smallest and
   * largest epsilon, the mean success under the VC lower-bound attack, both tree defenders at the
   * largest tree and smallest epsilon, and the network defender's best success.
   */
  public static Map<String, Double> metrics(DefendabilityResult r) {
    Map<String, Double> m = new LinkedHashMap<>();
    List<Point> erm =
        r.windows().stream()
            .filter(p -> p.attack().equals("window") && p.defender().equals("erm"))
            .toList();
    int dMax = erm.stream().mapToInt(Point::complexity).max().orElse(0);
    erm.stream()
        .filter(p -> p.complexity() == dMax)
        .sorted(java.util.Comparator.comparingDouble(Point::epsilon))
        .filter(p -> p.epsilon() == minEpsilon(erm) || p.epsilon() == maxEpsilon(erm))
        .forEach(p -> m.put("window_d" + dMax + "_eps" + fmt(p.epsilon()), p.success()));
    m.put(
        "vc_lower_bound_mean",
        r.lowerBound().stream().mapToDouble(Point::success).average().orElse(Double.NaN));
    int sMax = r.trees().stream().mapToInt(Point::complexity).max().orElse(0);
    double treeEps = minEpsilon(r.trees());
    for (Point p : r.trees()) {
      if (p.complexity() == sMax && p.epsilon() == treeEps) {
        m.put("tree_" + p.defender().replace('-', '_') + "_s" + sMax, p.success());
      }
    }
    r.network().stream().mapToDouble(Point::success).max().ifPresent(v -> m.put("network_best", v));
    return m;
  }

  private static double minEpsilon(List<Point> points) {
    return points.stream().mapToDouble(Point::epsilon).min().orElse(Double.NaN);
  }

  private static double maxEpsilon(List<Point> points) {
    return points.stream().mapToDouble(Point::epsilon).max().orElse(Double.NaN);
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (v != 0 && Math.abs(v) < 1e-2) {
      return String.format(Locale.ROOT, "%.0e", v).replace("e-0", "e-");
    }
    return new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", v))
        .stripTrailingZeros()
        .toPlainString();
  }
}
