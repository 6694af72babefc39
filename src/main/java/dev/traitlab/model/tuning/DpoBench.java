package dev.traitlab.model.tuning;

import dev.traitlab.core.Progress;
import dev.traitlab.data.chat.PreferenceExample;
import dev.traitlab.data.chat.PreferenceJsonl;
import dev.traitlab.data.toyworld.ArithmeticPreferences;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.nn.train.DpoResult;
import dev.traitlab.nn.train.DpoStepStats;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DPO throughput for bench/dpo, against TRL's DPOTrainer on the same model directory and preference
 * file. {@code write out=FILE pairs=N seed=S} writes N contrasting toy-world arithmetic preferences
 * ({@link ArithmeticPreferences#contrasting}) as OpenAI preference JSONL; {@code train model=DIR
 * data=FILE steps=N batch=B beta=X lr=Y} runs DPO (full fine-tuning, AdamW, linear decay, no
 * warm-up, weight decay 0, clipping 1) for N steps of B pairs and prints the optimisation loop's
 * steps/s, the reference pass's time and the whole run's pairs/s, with the first and last steps'
 * statistics.
 */
public final class DpoBench {
  private DpoBench() {}

  public static void main(String[] args) {
    Map<String, String> a = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      a.put(kv[0], kv[1]);
    }
    if (args.length > 0 && args[0].equals("write")) {
      List<PreferenceExample> prefs =
          ArithmeticPreferences.contrasting(
              Integer.parseInt(a.getOrDefault("pairs", "256")),
              Long.parseLong(a.getOrDefault("seed", "0")));
      PreferenceJsonl.write(Path.of(a.get("out")), prefs);
      return;
    }
    int steps = Integer.parseInt(a.getOrDefault("steps", "32"));
    int batch = Integer.parseInt(a.getOrDefault("batch", "8"));
    double beta = Double.parseDouble(a.getOrDefault("beta", "0.1"));
    double lr = Double.parseDouble(a.getOrDefault("lr", "1e-4"));
    List<PreferenceExample> prefs = PreferenceJsonl.read(Path.of(a.get("data")));
    if (prefs.size() < steps * batch) {
      throw new IllegalArgumentException(
          "need " + steps * batch + " pairs for one epoch of " + steps + " steps");
    }
    prefs = prefs.subList(0, steps * batch);
    try (EmbeddedModel model = EmbeddedModel.load(Path.of(a.get("model")), "local:bench")) {
      DpoResult r =
          EmbeddedTuner.trainPreferences(
              model,
              prefs,
              new TuneSettings(1, batch, lr, null, 0, 0),
              beta,
              0,
              "dpo",
              Progress.NONE);
      DpoStepStats first = r.steps().getFirst();
      DpoStepStats last = r.steps().getLast();
      System.out.printf(
          Locale.ROOT,
          "traitlab dpo: %d steps of %d pairs (%d tokens): training %.2f s = %.3f steps/s;"
              + " reference pass %.2f s; whole run %.2f pairs/s%n",
          r.steps().size(),
          batch,
          r.tokens(),
          r.seconds() - r.referenceSeconds(),
          r.stepsPerSecond(),
          r.referenceSeconds(),
          r.pairsPerSecond());
      System.out.printf(
          Locale.ROOT,
          "traitlab first step: loss %.4f; last step: loss %.4f, reward accuracy %.3f,"
              + " margin %.4f%n",
          first.loss(),
          last.loss(),
          last.rewardAccuracy(),
          last.rewardMargin());
    }
  }
}
