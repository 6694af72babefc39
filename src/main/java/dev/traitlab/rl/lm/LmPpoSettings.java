package dev.traitlab.rl.lm;

import dev.traitlab.nn.lora.LoraSettings;
import dev.traitlab.rl.ppo.PpoSettings;

/**
 * Settings of token-level PPO on a language model.
 *
 * @param ppo the PPO hyperparameters: {@code steps} is the number of rollouts (prompt, response)
 *     per PPO step, {@code minibatches} splits them by sequence, {@code epochs} passes over each
 *     batch; gamma and lambda act on tokens (InstructGPT and TRL: gamma 1); {@code rewardScale}
 *     multiplies the reward model's score; {@code normaliseAdvantages} whitens the advantages over
 *     all response tokens of the batch (TRL)
 * @param maxTokens longest response sampled (tokens before the end-of-turn token), >= 1
 * @param gradClip global gradient-norm clip (0: none)
 * @param lora low-rank adapters to train instead of the full weights (null: full update)
 */
public record LmPpoSettings(PpoSettings ppo, int maxTokens, double gradClip, LoraSettings lora) {
  public LmPpoSettings {
    if (ppo == null) {
      throw new IllegalArgumentException("LM PPO needs PPO settings");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max tokens must be >= 1, got " + maxTokens);
    }
    if (!(gradClip >= 0)) {
      throw new IllegalArgumentException("the gradient clip must be >= 0, got " + gradClip);
    }
    if (ppo.minibatches() > ppo.steps()) {
      throw new IllegalArgumentException(
          ppo.minibatches() + " minibatches cannot split " + ppo.steps() + " rollouts");
    }
  }

  /**
   * TRL's PPO defaults where they fit a tiny model: gamma 1, lambda 0.95, clip 0.2, 4 epochs, value
   * coefficient 0.1, no entropy bonus, whitened advantages; 64 rollouts in 4 minibatches, Adam 1e-4
   * (TRL: 3e-6 for a 160M model), gradient clip 1, full update.
   */
  public static LmPpoSettings defaults() {
    return new LmPpoSettings(
        new PpoSettings(1.0, 0.95, 0.2, 4, 4, 64, 1e-4, 0.1, 0.0, true, 1.0), 24, 1.0, null);
  }
}
