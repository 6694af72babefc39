package dev.traitlab.rl.lm;

import dev.traitlab.nn.train.TrainingExample;
import java.util.List;

/**
 * InstructGPT's pretraining mix (PPO-ptx; Ouyang et al. 2022, eq. 2): the RL objective gains gamma
 * E_{x ~ D_pretrain}[log pi(x)], so each PPO minibatch's loss adds gamma times the mean negative
 * log-likelihood per target token of a batch of pretraining sequences. InstructGPT used gamma =
 * 27.8 with 8 times as many pretraining examples as RL episodes; gamma 0 is plain PPO.
 *
 * @param gamma the coefficient (>= 0; 0: no term, no extra pass)
 * @param examples the pretraining sequences, drawn with replacement (their loss masks say which
 *     tokens are targets); cut to the model's context
 * @param batchSize sequences per PPO minibatch
 */
public record PretrainingMix(double gamma, List<TrainingExample> examples, int batchSize) {
  public PretrainingMix {
    if (!(gamma >= 0) || Double.isInfinite(gamma)) {
      throw new IllegalArgumentException("the pretraining-mix gamma must be >= 0, got " + gamma);
    }
    examples = List.copyOf(examples);
    if (gamma > 0 && examples.isEmpty()) {
      throw new IllegalArgumentException("a pretraining mix with gamma > 0 needs examples");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("pretraining batch size must be >= 1, got " + batchSize);
    }
  }

  /** Whether the term is in the objective. */
  public boolean active() {
    return gamma > 0;
  }
}
