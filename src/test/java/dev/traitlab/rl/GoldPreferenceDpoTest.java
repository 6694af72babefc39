package dev.traitlab.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.Progress;
import dev.traitlab.data.chat.PreferenceJsonl;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.model.Models;
import dev.traitlab.model.tuning.TuneSettings;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demonstration's pipeline on the tiny untrained model: it samples, labels, trains, evaluates;
 * the same seed gives the same result, and the preferences it wrote are the ones it trained on.
 */
class GoldPreferenceDpoTest {

  @Test
  void runsEndToEndAndIsDeterministicUnderItsSeed(@TempDir Path dir) {
    TinyEmbeddedModels.create(dir, "tiny", 5);
    Models models = new Models(ModelOptions.builder().optModelsDir(dir).build());
    GoldPreferenceDpo.Config c =
        new GoldPreferenceDpo.Config(
            12, 16, 1.0, 8, 0.1, new TuneSettings(1, 4, 1e-3, null, 0, 0), 7);
    GoldPreferenceDpo.Result a =
        GoldPreferenceDpo.run(models, "local:tiny", dir.resolve("a"), c, Progress.NONE);
    GoldPreferenceDpo.Result b =
        GoldPreferenceDpo.run(models, "local:tiny", dir.resolve("b"), c, Progress.NONE);
    assertTrue(a.pairs() > 0 && a.pairs() <= 12, "pairs " + a.pairs());
    assertEquals(a.pairs(), PreferenceJsonl.read(dir.resolve("a-preferences.jsonl")).size());
    assertEquals(16, a.winRate().rate().n());
    double rate = a.winRate().rate().mean();
    assertTrue(rate >= 0 && rate <= 1, "win rate " + rate);
    assertTrue(Double.isFinite(a.kl().mean()), "KL " + a.kl());
    assertEquals(a.winRate(), b.winRate());
    assertEquals(a.kl(), b.kl());
  }
}
