package dev.traitlab.rl;

import dev.traitlab.core.Progress;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.model.Models;
import dev.traitlab.model.tuning.TuneSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The measured demonstration of {@link GoldPreferenceDpo} from the command line: {@code models=DIR
 * out=DIR [base=local:base] [questions=N] [eval=N] [beta=X] [lr=Y] [epochs=E] [batch=B] [seed=S]}
 * prints the number of pairs, the tuned policy's gold win rate over the start with its 95%
 * interval, both mean gold scores and KL(tuned || start).
 */
public final class GoldDpoDemo {
  private GoldDpoDemo() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      a.put(kv[0], kv[1]);
    }
    Models models =
        new Models(ModelOptions.builder().optModelsDir(Path.of(a.get("models"))).build());
    GoldPreferenceDpo.Config c =
        new GoldPreferenceDpo.Config(
            Integer.parseInt(a.getOrDefault("questions", "512")),
            Integer.parseInt(a.getOrDefault("eval", "512")),
            1.0,
            24,
            Double.parseDouble(a.getOrDefault("beta", "0.1")),
            new TuneSettings(
                Integer.parseInt(a.getOrDefault("epochs", "3")),
                Integer.parseInt(a.getOrDefault("batch", "8")),
                Double.parseDouble(a.getOrDefault("lr", "1e-4")),
                null,
                0,
                0),
            Long.parseLong(a.getOrDefault("seed", "0")));
    Path out = Path.of(a.get("out"));
    Files.createDirectories(out.getParent());
    long start = System.nanoTime();
    GoldPreferenceDpo.Result r =
        GoldPreferenceDpo.run(models, a.getOrDefault("base", "local:base"), out, c, Progress.NONE);
    System.out.printf(
        Locale.ROOT,
        "%d gold-labelled pairs; win rate of DPO over start %.3f [%.3f, %.3f] (n=%d);"
            + " mean gold %.3f vs %.3f; KL(dpo || start) %.3f [%.3f, %.3f] nats; %.0f s%n",
        r.pairs(),
        r.winRate().rate().mean(),
        r.winRate().rate().lower(),
        r.winRate().rate().upper(),
        r.winRate().rate().n(),
        r.winRate().candidateGold(),
        r.winRate().referenceGold(),
        r.kl().mean(),
        r.kl().lower(),
        r.kl().upper(),
        (System.nanoTime() - start) / 1e9);
  }
}
