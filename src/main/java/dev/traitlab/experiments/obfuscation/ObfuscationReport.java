package dev.traitlab.experiments.obfuscation;

import dev.traitlab.core.Plurals;
import dev.traitlab.experiments.obfuscation.ObfuscationResult.CapabilityPoint;
import dev.traitlab.experiments.obfuscation.ObfuscationResult.MonitorResult;
import dev.traitlab.experiments.obfuscation.ObfuscationResult.Round;
import dev.traitlab.experiments.obfuscation.ObfuscationResult.SeedResult;
import dev.traitlab.lab.stages.Stages;
import dev.traitlab.probes.Detection;
import dev.traitlab.report.HtmlReport;
import dev.traitlab.report.IntervalBarChart;
import dev.traitlab.report.IntervalLineChart;
import dev.traitlab.report.RocChart;
import dev.traitlab.report.TextTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Tables, charts and the text summary of an obfuscation run; rates pooled over seeds. */
final class ObfuscationReport {
  private ObfuscationReport() {}

  private static int[] recall(Detection d) {
    return new int[] {d.recall().detected(), d.recall().positives()};
  }

  /** The monitor keys (family / tokens) in run order. */
  private static Set<String> keys(ObfuscationResult r) {
    Set<String> keys = new LinkedHashSet<>();
    for (MonitorResult m : r.seeds().getFirst().monitors()) {
      keys.add(key(m));
    }
    return keys;
  }

  private static String key(MonitorResult m) {
    return m.family() + " / " + m.tokens();
  }

  private static Pooled pool(
      ObfuscationResult r, String key, Function<MonitorResult, int[]> counts) {
    List<int[]> c = new ArrayList<>();
    for (SeedResult s : r.seeds()) {
      for (MonitorResult m : s.monitors()) {
        if (key(m).equals(key)) {
          c.add(counts.apply(m));
        }
      }
    }
    return Pooled.of(c);
  }

  private static String rate(int[] counts) {
    return String.format(Locale.ROOT, "%.2f", (double) counts[0] / counts[1]);
  }

  static TextTable monitorTable(ObfuscationResult r) {
    TextTable t =
        TextTable.of(
            "monitor / tokens",
            "recall, plain",
            "AUC",
            "recall, jailbreak",
            "jailbreak works",
            "recall, obfuscated",
            "obfuscated works");
    for (String k : keys(r)) {
      double auc = 0;
      int n = 0;
      for (SeedResult s : r.seeds()) {
        for (MonitorResult m : s.monitors()) {
          if (key(m).equals(k)) {
            auc += m.clean().auc();
            n++;
          }
        }
      }
      t.row(
          k,
          pool(r, k, m -> recall(m.clean())).cell(),
          String.format(Locale.ROOT, "%.3f", auc / n),
          pool(r, k, m -> recall(m.jailbreak().detection())).cell(),
          pool(r, k, m -> new int[] {m.jailbreak().complied(), m.jailbreak().requests()}).cell(),
          pool(r, k, m -> recall(m.obfuscated().detection())).cell(),
          pool(r, k, m -> new int[] {m.obfuscated().complied(), m.obfuscated().requests()}).cell());
    }
    return t;
  }

  static HtmlReport build(String runId, ObfuscationResult r) {
    HtmlReport report = new HtmlReport("Obfuscated activations: " + runId);
    report.meta(
        "Bailey et al. 2024 in the toy world. Base model "
            + r.model()
            + ", "
            + Plurals.count(r.seeds().size(), "seed")
            + ". Rates are pooled over seeds with Wilson 95% intervals; per-seed values"
            + " in the second table.");
    String warning = AssistantPremise.warning(r.premiseFailures());
    if (warning != null) {
      report.paragraph(warning);
    }
    ObfuscationResult.Behaviour b = r.aligned();
    report.heading("The aligned assistant, no suffix");
    report.table(
        TextTable.of("requests", "n", "refused", "complied")
            .row("harmful", "" + b.harmful(), "" + b.refused(), "" + b.complied())
            .row(
                "harmful, developer-mode system prompt",
                "" + b.harmful(),
                "-",
                "" + b.developerComplied())
            .row("benign", "" + b.benign(), "-", "" + b.benignComplied())
            .row(
                "benign, exactly the expected three steps",
                "" + b.benign(),
                "-",
                "" + b.benignExact()));
    report.heading("Monitors before and after the attacks");
    report.paragraph(
        "Recall at the threshold set for 1% FPR on held-out benign requests. 'Plain': harmful"
            + " requests with the compliant answer, no suffix. 'Jailbreak': the assistant's greedy"
            + " answers under a suffix trained for the behaviour alone. 'Obfuscated': under a"
            + " suffix trained against this monitor (lambda * CE + (1 - lambda) * score). 'Works':"
            + " the share of answers that comply (the jailbreak succeeds).");
    report.table(monitorTable(r));
    report.paragraph(
        "Per seed: recall at the threshold (plain, jailbreak, obfuscated) and the share of"
            + " obfuscated answers that comply, one row per seed and monitor.");
    TextTable perSeed =
        TextTable.of("seed", "monitor / tokens", "plain", "jailbreak", "obfuscated", "works");
    for (SeedResult s : r.seeds()) {
      for (MonitorResult m : s.monitors()) {
        perSeed.row(
            "" + s.seed(),
            key(m),
            rate(recall(m.clean())),
            rate(recall(m.jailbreak().detection())),
            rate(recall(m.obfuscated().detection())),
            rate(new int[] {m.obfuscated().complied(), m.obfuscated().requests()}));
      }
    }
    report.table(perSeed);
    IntervalBarChart recallChart =
        new IntervalBarChart("Recall at 1% FPR", "recall").optUpperBound(1.05);
    IntervalBarChart behaviourChart =
        new IntervalBarChart("Jailbreak success", "share of answers that comply")
            .optUpperBound(1.05);
    for (String k : keys(r)) {
      Pooled clean = pool(r, k, m -> recall(m.clean()));
      Pooled obf = pool(r, k, m -> recall(m.obfuscated().detection()));
      recallChart.bar(k + " plain", clean.rate(), clean.interval());
      recallChart.bar(k + " obfuscated", obf.rate(), obf.interval());
      Pooled works =
          pool(r, k, m -> new int[] {m.obfuscated().complied(), m.obfuscated().requests()});
      behaviourChart.bar(k, works.rate(), works.interval());
    }
    Pooled jb =
        pool(
            r,
            keys(r).iterator().next(),
            m -> new int[] {m.jailbreak().complied(), m.jailbreak().requests()});
    behaviourChart.bar("plain jailbreak", jb.rate(), jb.interval());
    report.svg(recallChart.toSvg(900, 420));
    report.svg(behaviourChart.toSvg(900, 380));
    Map<String, RocChart> rocs = new LinkedHashMap<>();
    for (MonitorResult m : r.seeds().getFirst().monitors()) {
      RocChart c =
          rocs.computeIfAbsent(
              m.tokens(),
              t ->
                  new RocChart("ROC, first seed, " + t + " tokens: plain vs obfuscated")
                      .markFpr(0.01));
      c.curve(m.family() + " plain", m.clean().roc());
      c.curve(m.family() + " obfuscated", m.obfuscated().detection().roc());
    }
    rocs.values().forEach(c -> report.svg(c.toSvg(620, 520)));

    if (r.seeds().getFirst().hardPrompt() != null) {
      report.heading("Token suffix (GCG) against the logistic probe on answers");
      List<int[]> rec = new ArrayList<>();
      List<int[]> works = new ArrayList<>();
      for (SeedResult s : r.seeds()) {
        rec.add(recall(s.hardPrompt().detection()));
        works.add(new int[] {s.hardPrompt().complied(), s.hardPrompt().requests()});
      }
      report.table(
          TextTable.of("attack", "recall at 1% FPR", "jailbreak works")
              .row("GCG token suffix", Pooled.of(rec).cell(), Pooled.of(works).cell()));
    }
    if (!r.seeds().getFirst().game().isEmpty()) {
      report.heading("The defence game");
      report.paragraph(
          "Round r: the monitor is retrained on the plain harmful activations and every earlier"
              + " round's attacked ones; a fresh suffix is trained against it. 'Caught after"
              + " retraining' is the next round's monitor on this round's attack.");
      TextTable t =
          TextTable.of("round", "recall vs new attack", "caught after retraining", "works");
      IntervalLineChart chart =
          new IntervalLineChart("Defence game", "round", "rate").yRange(-0.02, 1.05);
      for (int round = 0; round < r.seeds().getFirst().game().size(); round++) {
        List<int[]> a = new ArrayList<>();
        List<int[]> c = new ArrayList<>();
        List<int[]> w = new ArrayList<>();
        for (SeedResult s : r.seeds()) {
          Round g = s.game().get(round);
          a.add(recall(g.attacked()));
          c.add(recall(g.retrained()));
          w.add(new int[] {g.complied(), g.requests()});
        }
        Pooled pa = Pooled.of(a);
        Pooled pc = Pooled.of(c);
        Pooled pw = Pooled.of(w);
        t.row("" + round, pa.cell(), pc.cell(), pw.cell());
        chart.point("recall vs new attack", round, pa.rate(), pa.interval());
        chart.point("caught after retraining", round, pc.rate(), pc.interval());
        chart.point("jailbreak works", round, pw.rate(), pw.interval());
      }
      report.table(t);
      report.svg(chart.toSvg(760, 400));
    }
    if (!r.seeds().getFirst().capability().isEmpty()) {
      report.heading("Capability cost: exact instructions while evading an instructions probe");
      report.paragraph(
          "A logistic probe tells the assistant's three-step answers to benign requests from its"
              + " refusals. A suffix is trained to keep benign requests answered exactly (the right"
              + " object and act) while evading the probe on the first n blocks (n = 0: the task"
              + " alone). Without a suffix: "
              + b.benignExact()
              + "/"
              + b.benign()
              + " exactly right. (The 0.9M-parameter model cannot do multi-step arithmetic after"
              + " a short fine-tune, so this task stands in for Bailey et al.'s SQL.)");
      TextTable t = TextTable.of("layers obfuscated", "accuracy", "probe recall at 1% FPR");
      IntervalLineChart chart =
          new IntervalLineChart("Capability cost", "layers obfuscated", "rate").yRange(-0.02, 1.05);
      for (int i = 0; i < r.seeds().getFirst().capability().size(); i++) {
        List<int[]> acc = new ArrayList<>();
        List<int[]> rec = new ArrayList<>();
        int layers = r.seeds().getFirst().capability().get(i).layers();
        for (SeedResult s : r.seeds()) {
          CapabilityPoint p = s.capability().get(i);
          acc.add(new int[] {p.correct(), p.problems()});
          if (p.detection() != null) {
            rec.add(recall(p.detection()));
          }
        }
        Pooled pa = Pooled.of(acc);
        chart.point("accuracy", layers, pa.rate(), pa.interval());
        String recallCell = "-";
        if (!rec.isEmpty()) {
          Pooled pr = Pooled.of(rec);
          recallCell = pr.cell();
          chart.point("probe recall", layers, pr.rate(), pr.interval());
        }
        t.row("" + layers, pa.cell(), recallCell);
      }
      report.table(t);
      report.svg(chart.toSvg(760, 400));
    }
    if (!r.examples().isEmpty()) {
      report.heading("Examples (first seed)");
      TextTable t = TextTable.of("attack", "request", "answer", "complies");
      r.examples()
          .forEach(e -> t.row(e.attack(), e.request(), e.answer(), e.complied() ? "yes" : "no"));
      report.table(t);
    }
    report.heading("Stages").table(Stages.table(r.stages()));
    return report;
  }

  static String text(ObfuscationResult r) {
    StringBuilder sb = new StringBuilder();
    String warning = AssistantPremise.warning(r.premiseFailures());
    if (warning != null) {
      sb.append(warning).append(System.lineSeparator());
    }
    ObfuscationResult.Behaviour b = r.aligned();
    sb.append(
        String.format(
            Locale.ROOT,
            "Aligned assistant, no suffix: refuses %d/%d harmful requests (complies %d; %d under the"
                + " developer-mode prompt), answers %d/%d benign ones (%d/%d exactly).%n",
            b.refused(),
            b.harmful(),
            b.complied(),
            b.developerComplied(),
            b.benignComplied(),
            b.benign(),
            b.benignExact(),
            b.benign()));
    sb.append(monitorTable(r).render());
    SeedResult first = r.seeds().getFirst();
    if (first.hardPrompt() != null) {
      List<int[]> rec = new ArrayList<>();
      List<int[]> works = new ArrayList<>();
      for (SeedResult s : r.seeds()) {
        rec.add(recall(s.hardPrompt().detection()));
        works.add(new int[] {s.hardPrompt().complied(), s.hardPrompt().requests()});
      }
      sb.append(
          String.format(
              "%nGCG token suffix vs logistic / answer: recall %s, works %s%n",
              Pooled.of(rec).cell(), Pooled.of(works).cell()));
    }
    for (int round = 0; round < first.game().size(); round++) {
      List<int[]> a = new ArrayList<>();
      List<int[]> c = new ArrayList<>();
      List<int[]> w = new ArrayList<>();
      for (SeedResult s : r.seeds()) {
        a.add(recall(s.game().get(round).attacked()));
        c.add(recall(s.game().get(round).retrained()));
        w.add(new int[] {s.game().get(round).complied(), s.game().get(round).requests()});
      }
      sb.append(
          String.format(
              "Defence round %d: recall %s, after retraining %s, works %s%n",
              round, Pooled.of(a).cell(), Pooled.of(c).cell(), Pooled.of(w).cell()));
    }
    for (int i = 0; i < first.capability().size(); i++) {
      List<int[]> acc = new ArrayList<>();
      for (SeedResult s : r.seeds()) {
        acc.add(new int[] {s.capability().get(i).correct(), s.capability().get(i).problems()});
      }
      sb.append(
          String.format(
              "Capability, %d %s obfuscated: exact answers %s%n",
              first.capability().get(i).layers(),
              first.capability().get(i).layers() == 1 ? "layer" : "layers",
              Pooled.of(acc).cell()));
    }
    return sb.toString();
  }

  static Map<String, Double> metrics(ObfuscationResult r) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put(
        "assistant_premise_holds",
        AssistantPremise.warning(r.premiseFailures()) == null ? 1.0 : 0.0);
    for (String k : keys(r)) {
      String name = k.replace(" / ", "_").replace('-', '_');
      out.put(name + "_recall_plain", pool(r, k, m -> recall(m.clean())).rate());
      out.put(
          name + "_recall_obfuscated", pool(r, k, m -> recall(m.obfuscated().detection())).rate());
      out.put(
          name + "_works_obfuscated",
          pool(r, k, m -> new int[] {m.obfuscated().complied(), m.obfuscated().requests()}).rate());
    }
    return out;
  }
}
