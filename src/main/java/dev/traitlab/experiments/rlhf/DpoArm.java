package dev.traitlab.experiments.rlhf;

import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.data.chat.PreferenceExample;
import dev.traitlab.nn.train.DpoResult;
import dev.traitlab.nn.train.DpoSettings;
import dev.traitlab.nn.train.DpoTrainer;
import dev.traitlab.nn.train.PreferencePair;
import dev.traitlab.nn.train.TrainingExample;
import dev.traitlab.nn.train.TrainingSettings;
import dev.traitlab.nn.transformer.TransformerModel;
import dev.traitlab.text.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The DPO arm (Rafailov et al. 2023): DPO from the SFT model on the same gold rankings the reward
 * model learns from, so that DPO and PPO are compared on one set of preferences. From each training
 * question's K ranked answers it takes the gold-best and gold-worst (questions whose answers all
 * tie give none); the reward model's 10% held-out questions are left out here too. Full
 * fine-tuning, AdamW with linear decay, batch 8 pairs, beta and learning rate from the config.
 */
final class DpoArm {
  private DpoArm() {}

  /**
   * Per training question with answers of different gold, {question, gold-best answer, gold-worst
   * answer} (the first of equals); questions whose answers all tie give none.
   */
  static List<int[]> bestVsWorst(RankedAnswers data, Tokenizer tokenizer) {
    int k = data.k();
    int train = RewardModelFit.trainQuestions(data.questions().size());
    List<int[]> out = new ArrayList<>();
    for (int q = 0; q < train; q++) {
      int best = -1;
      int worst = -1;
      double bestGold = Double.NEGATIVE_INFINITY;
      double worstGold = Double.POSITIVE_INFINITY;
      for (int i = 0; i < k; i++) {
        double g = Answers.gold(data.questions().get(q), tokenizer, data.answers()[q * k + i]);
        if (g > bestGold) {
          bestGold = g;
          best = i;
        }
        if (g < worstGold) {
          worstGold = g;
          worst = i;
        }
      }
      if (bestGold > worstGold) {
        out.add(new int[] {q, q * k + best, q * k + worst});
      }
    }
    return out;
  }

  /** The preference pairs, as token sequences: prompt, answer, end of turn; loss on the answer. */
  static List<PreferencePair> pairs(RankedAnswers data, Tokenizer tokenizer, int eos) {
    List<PreferencePair> out = new ArrayList<>();
    for (int[] p : bestVsWorst(data, tokenizer)) {
      int[] prompt = Answers.prompt(tokenizer, data.questions().get(p[0]));
      out.add(
          new PreferencePair(
              example(prompt, data.answers()[p[1]], eos),
              example(prompt, data.answers()[p[2]], eos)));
    }
    return out;
  }

  /**
   * The same pairs as text, one line of OpenAI's DPO fine-tuning JSONL each, for a DPO job on a
   * remote model: the question as the user turn, the answers as assistant replies.
   */
  static List<PreferenceExample> preferences(RankedAnswers data, Tokenizer tokenizer) {
    List<PreferenceExample> out = new ArrayList<>();
    for (int[] p : bestVsWorst(data, tokenizer)) {
      out.add(
          PreferenceExample.of(
              null,
              data.questions().get(p[0]).text(),
              tokenizer.decode(data.answers()[p[1]]),
              tokenizer.decode(data.answers()[p[2]])));
    }
    return out;
  }

  private static TrainingExample example(int[] prompt, int[] answer, int eos) {
    int[] tokens = new int[prompt.length + answer.length + 1];
    System.arraycopy(prompt, 0, tokens, 0, prompt.length);
    System.arraycopy(answer, 0, tokens, prompt.length, answer.length);
    tokens[tokens.length - 1] = eos;
    boolean[] mask = new boolean[tokens.length];
    for (int i = prompt.length; i < tokens.length; i++) {
      mask[i] = true;
    }
    return new TrainingExample(tokens, mask);
  }

  /**
   * Trains a copy of the SFT model on the pairs and writes it to {@code out}.
   *
   * @return the training's summary
   */
  static DpoResult train(
      RlhfConfig c, Path sftDir, List<PreferencePair> pairs, long seed, Path out, Progress p) {
    TrainingSettings training =
        TrainingSettings.builder()
            .optEpochs(c.dpoEpochs())
            .optBatchSize(8)
            .optLearningRate(c.dpoLearningRate())
            .optWarmupSteps(0)
            .optSeed(Seeds.derive(seed, "dpo"))
            .build();
    try (TransformerModel policy = TransformerModel.load(sftDir)) {
      p.note("DPO, seed " + seed + ": " + pairs.size() + " pairs x " + c.dpoEpochs() + " epochs");
      DpoResult r =
          DpoTrainer.train(policy, pairs, new DpoSettings(c.dpoBeta(), training), null, null);
      policy.save(out);
      return r;
    }
  }
}
