package dev.traitlab.rl.lm;

import dev.traitlab.nn.transformer.TransformerModel;
import dev.traitlab.rl.ppo.PpoSettings;
import dev.traitlab.rl.reward.ResponseFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * PPO steps per second of {@link LmPpoTrainer} on a model directory, for the side-by-side with TRL
 * in bench/ppo. Arguments are key=value: model (directory), batch (rollouts per step), minibatches,
 * epochs, response (max new tokens), prompt (prompt tokens), steps (timed steps after one warm-up
 * step), eos (end token id), prompts (a file to write the prompt ids to, one line of
 * space-separated ids per prompt, so the peer samples from the same prompts). The reward reads the
 * frozen reference's activations through a fixed random linear head (a reward model's cost: one
 * forward pass of the model per response).
 */
public final class LmPpoBench {
  private LmPpoBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      a.put(kv[0], kv[1]);
    }
    Path dir = Path.of(a.get("model"));
    int batch = Integer.parseInt(a.getOrDefault("batch", "64"));
    int minibatches = Integer.parseInt(a.getOrDefault("minibatches", "4"));
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "4"));
    int response = Integer.parseInt(a.getOrDefault("response", "16"));
    int promptLength = Integer.parseInt(a.getOrDefault("prompt", "12"));
    int steps = Integer.parseInt(a.getOrDefault("steps", "5"));
    try (TransformerModel policy = TransformerModel.load(dir);
        TransformerModel reference = TransformerModel.load(dir)) {
      int vocab = policy.config().vocabSize();
      int eos = Integer.parseInt(a.getOrDefault("eos", Integer.toString(vocab - 1)));
      SplittableRandom rng = new SplittableRandom(0);
      List<int[]> prompts = new ArrayList<>();
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < batch * (steps + 1); i++) {
        int[] p = new int[promptLength];
        for (int t = 0; t < p.length; t++) {
          // ordinary tokens only: the first 256 are bytes, special tokens sit at the top
          p[t] = rng.nextInt(Math.min(vocab - 8, 256));
          lines.append(t == 0 ? "" : " ").append(p[t]);
        }
        lines.append('\n');
        prompts.add(p);
      }
      if (a.containsKey("prompts")) {
        Files.writeString(Path.of(a.get("prompts")), lines.toString());
      }
      int h = policy.config().hiddenSize();
      float[] head = new float[2 * h];
      for (int j = 0; j < head.length; j++) {
        head[j] = (float) (rng.nextGaussian() / Math.sqrt(head.length));
      }
      SequenceReward reward =
          (p, r) -> {
            float[][] rows = ResponseFeatures.of(reference, p, r, eos);
            double[] s = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
              for (int j = 0; j < head.length; j++) {
                s[i] += rows[i][j] * head[j];
              }
            }
            return s;
          };
      LmPpoSettings settings =
          new LmPpoSettings(
              new PpoSettings(1.0, 0.95, 0.2, epochs, minibatches, batch, 3e-6, 0.1, 0, true, 1),
              response,
              1.0,
              null);
      try (LmPpoTrainer ppo =
          new LmPpoTrainer(policy, reference, eos, settings, KlController.fixed(0.05), 0)) {
        ppo.step(prompts.subList(0, batch), reward);
        long start = System.nanoTime();
        double tokens = 0;
        for (int s = 1; s <= steps; s++) {
          PpoStepStats st = ppo.step(prompts.subList(s * batch, (s + 1) * batch), reward).stats();
          tokens += st.responseLength();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "traitlab: %.3f PPO steps/s (%d steps of %d rollouts, %d epochs x %d minibatches, mean"
                + " response %.1f tokens, %.2f s/step)%n",
            steps / seconds,
            steps,
            batch,
            epochs,
            minibatches,
            tokens / steps,
            seconds / steps);
      }
    }
  }
}
