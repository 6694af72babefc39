package dev.traitlab.experiments.rlhf;

import dev.traitlab.core.Seeds;
import dev.traitlab.nn.transformer.TransformerModel;
import dev.traitlab.rl.reward.RankedRewardModel;
import dev.traitlab.rl.reward.ResponseFeatures;
import dev.traitlab.rl.reward.RewardHeads;
import dev.traitlab.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The reward model trained on the gold's K-way rankings of SFT answers: the first 90% of the
 * questions train it, the rest measure its pairwise accuracy; recentred so the SFT answers average
 * 0.
 */
final class RewardModelFit implements AutoCloseable {
  /** Questions (rankings) per reward-model step; InstructGPT used 64. */
  static final int BATCH = 32;

  static final double LEARNING_RATE = 1e-3;

  private final RankedRewardModel model;
  private final RlhfResult.RewardModelSummary summary;

  private RewardModelFit(RankedRewardModel model, RlhfResult.RewardModelSummary summary) {
    this.model = model;
    this.summary = summary;
  }

  RankedRewardModel model() {
    return model;
  }

  RlhfResult.RewardModelSummary summary() {
    return summary;
  }

  /**
   * The first 90% of the ranked questions train the reward model (and DPO); the rest are held out.
   */
  static int trainQuestions(int questions) {
    return Math.max(1, (int) Math.floor(questions * 0.9));
  }

  static RewardModelFit train(
      RlhfConfig c, RankedAnswers data, TransformerModel reader, Tokenizer tokenizer, int eos) {
    int k = data.k();
    int questions = data.questions().size();
    int train = trainQuestions(questions);
    List<int[]> prompts = new ArrayList<>();
    List<int[]> answers = new ArrayList<>();
    double[] gold = new double[questions * k];
    for (int q = 0; q < questions; q++) {
      int[] p = Answers.prompt(tokenizer, data.questions().get(q));
      for (int i = 0; i < k; i++) {
        prompts.add(p);
        answers.add(data.answers()[q * k + i]);
        gold[q * k + i] =
            Answers.gold(data.questions().get(q), tokenizer, data.answers()[q * k + i]);
      }
    }
    float[][] rows = ResponseFeatures.of(reader, prompts, answers, eos);
    float[][] trainRows = java.util.Arrays.copyOfRange(rows, 0, train * k);
    double[] trainGold = java.util.Arrays.copyOfRange(gold, 0, train * k);
    RankedRewardModel rm =
        RankedRewardModel.train(
            trainRows,
            k,
            trainGold,
            new RewardHeads.Settings(c.rmWidth(), c.rmEpochs(), BATCH, LEARNING_RATE),
            Seeds.derive(c.seed(), "reward-model"));
    rm.recentre(rows);
    double[] score = rm.score(rows);
    int[] trainPairs = accuracy(score, gold, k, 0, train);
    int[] heldPairs = accuracy(score, gold, k, train, questions);
    double mean = java.util.Arrays.stream(gold).average().orElse(0);
    double sd =
        Math.sqrt(
            java.util.Arrays.stream(gold).map(g -> (g - mean) * (g - mean)).sum() / gold.length);
    return new RewardModelFit(
        rm,
        new RlhfResult.RewardModelSummary(
            train,
            questions - train,
            heldPairs[1],
            heldPairs[1] == 0 ? Double.NaN : (double) heldPairs[0] / heldPairs[1],
            trainPairs[1] == 0 ? Double.NaN : (double) trainPairs[0] / trainPairs[1],
            sd));
  }

  /** {right, pairs} over the pairs of different gold within questions [from, to). */
  private static int[] accuracy(double[] score, double[] gold, int k, int from, int to) {
    int right = 0;
    int pairs = 0;
    for (int q = from; q < to; q++) {
      for (int i = 0; i < k; i++) {
        for (int j = i + 1; j < k; j++) {
          int a = q * k + i;
          int b = q * k + j;
          if (gold[a] != gold[b]) {
            pairs++;
            right += (score[a] > score[b]) == (gold[a] > gold[b]) ? 1 : 0;
          }
        }
      }
    }
    return new int[] {right, pairs};
  }

  @Override
  public void close() {
    model.close();
  }
}
