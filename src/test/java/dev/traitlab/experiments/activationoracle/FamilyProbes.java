package dev.traitlab.experiments.activationoracle;

import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.probes.OneVsRestProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Diagnostics (not a test): the white-box ceiling of each training family. Per family and per
 * distinct question, one-vs-rest logistic probes (the experiment's probe training) from the
 * activations the oracle is given to the answer, trained on one mix and scored on a fresh one: the
 * mean of the rows, or for context prediction the row next to the target (last for "next", first
 * for "before"); only answers seen at least 3 times in training are classes (at most 30 per
 * question), so the probe is a lower bound for families with many answers. Args: train and test
 * examples per family (default 2000 and 300), reading (default centred).
 */
public final class FamilyProbes {
  public static void main(String[] args) {
    int train = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int test = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    String kind = args.length > 2 ? args[2] : "centred";
    List<Integer> blocks = List.of(1, 2, 3);
    Path dir = Path.of(System.getenv().getOrDefault("TRAITLAB_MODELS", "/work/models"), "base");
    try (EmbeddedModel base = EmbeddedModel.load(dir, "base")) {
      Reading reading = Reading.of(kind, base, blocks);
      int[] tr = {train, train, train, train};
      int[] te = {test, test, test, test};
      List<Injected> a = TrainingMix.build(base, tr, blocks, 10, reading, 21, true);
      List<Injected> b = TrainingMix.build(base, te, blocks, 10, reading, 22, true);
      Map<String, int[]> score = new LinkedHashMap<>();
      Map<String, List<Injected>> trainBy = group(a);
      for (Map.Entry<String, List<Injected>> g : group(b).entrySet()) {
        List<Injected> tg = trainBy.getOrDefault(g.getKey(), List.of());
        Map<String, Long> freq =
            tg.stream().collect(Collectors.groupingBy(Injected::answer, Collectors.counting()));
        List<String> classes =
            freq.entrySet().stream()
                .filter(e -> e.getValue() >= 3)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(30)
                .map(Map.Entry::getKey)
                .toList();
        List<float[]> x = new ArrayList<>();
        List<String> y = new ArrayList<>();
        for (Injected e : tg) {
          if (classes.contains(e.answer())) {
            x.add(features(e));
            y.add(e.answer());
          }
        }
        OneVsRestProbe p =
            classes.size() >= 2
                ? OneVsRestProbe.fit(classes, x, y, Pipeline.PROBE_TRAINING, 5)
                : null;
        for (Injected e : g.getValue()) {
          int[] c = score.computeIfAbsent(e.source(), s -> new int[2]);
          c[0]++;
          String guess =
              p != null ? p.predict(features(e)) : classes.isEmpty() ? "" : classes.get(0);
          c[1] += guess.equals(e.answer()) ? 1 : 0;
        }
      }
      score.forEach(
          (s, c) ->
              System.out.printf(
                  "%s probe (%s): %d/%d = %.3f [%s]%n",
                  s, kind, c[1], c[0], c[1] / (double) c[0], OracleReport.wilson(c[1], c[0])));
    }
  }

  /** Examples by family and question (context prediction: by direction and span). */
  static Map<String, List<Injected>> group(List<Injected> mix) {
    Map<String, List<Injected>> out = new LinkedHashMap<>();
    for (Injected e : mix) {
      out.computeIfAbsent(e.source() + " | " + e.question(), k -> new ArrayList<>()).add(e);
    }
    return out;
  }

  static float[] features(Injected e) {
    if (e.source().equals("context prediction")) {
      float[][] v = e.vectors();
      return e.question().contains("next") ? v[v.length - 1] : v[0];
    }
    return Pipeline.meanRow(e.vectors());
  }
}
