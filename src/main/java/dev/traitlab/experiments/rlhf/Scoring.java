package dev.traitlab.experiments.rlhf;

import dev.traitlab.data.toyworld.ArithmeticGold;
import dev.traitlab.data.toyworld.ArithmeticQuestion;
import dev.traitlab.nn.transformer.TransformerModel;
import dev.traitlab.rl.BestOfN;
import dev.traitlab.rl.reward.RankedRewardModel;
import dev.traitlab.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a policy's answers to the evaluation questions are scored, the same for the embedded and the
 * remote pipeline: gold win rate over SFT opponents (ties 1/2), gold, reward-model score, and
 * best-of-n against the reward model over a pool of SFT answers. Answers are token ids of the
 * reader's tokenizer (the SFT model embedded; the local reader for a remote policy), row q *
 * perPrompt + j being answer j to question q.
 */
final class Scoring {
  private Scoring() {}

  /** Best-of-n over the pool, per n of the grid: win rate over SFT, gold and reward-model score. */
  record BestOfNCurves(
      int[] ns, double[] winRate, double[] gold, double[] proxy, double[] rowProxy) {}

  /** The gold of each opponent answer, [question][answer]. */
  static double[][] opponentGold(
      List<ArithmeticQuestion> eval, int[][] opponents, int perPrompt, Tokenizer tokenizer) {
    double[][] out = new double[eval.size()][perPrompt];
    for (int q = 0; q < eval.size(); q++) {
      for (int j = 0; j < perPrompt; j++) {
        out[q][j] = Answers.gold(eval.get(q), tokenizer, opponents[q * perPrompt + j]);
      }
    }
    return out;
  }

  /**
   * A policy's answers scored.
   *
   * @param kl per answer, ln pi / pi_SFT summed over it (NaN where it cannot be measured)
   */
  static SeedRun.PolicyScore score(
      List<ArithmeticQuestion> eval,
      List<int[]> prompts,
      int[][] answers,
      int perPrompt,
      double[] kl,
      double[][] opponentGold,
      Tokenizer tokenizer,
      RankedRewardModel rm,
      TransformerModel reader,
      int eos) {
    int rows = answers.length;
    List<int[]> p = new ArrayList<>(rows);
    List<int[]> a = new ArrayList<>(rows);
    double win = 0;
    double gold = 0;
    double correct = 0;
    double worked = 0;
    double length = 0;
    for (int r = 0; r < rows; r++) {
      ArithmeticQuestion q = eval.get(r / perPrompt);
      int[] tokens = answers[r];
      p.add(prompts.get(r / perPrompt));
      a.add(tokens);
      String text = tokenizer.decode(tokens);
      double g = ArithmeticGold.score(q, text);
      gold += g / rows;
      for (double o : opponentGold[r / perPrompt]) {
        win += Answers.win(g, o) / opponentGold[r / perPrompt].length / rows;
      }
      correct += Answers.correct(q, text) ? 1.0 / rows : 0;
      worked += Answers.worked(text) ? 1.0 / rows : 0;
      length += (double) tokens.length / rows;
    }
    double proxy = Arrays.stream(PpoRun.proxy(rm, reader, p, a, eos)).average().orElse(Double.NaN);
    double meanKl = Arrays.stream(kl).average().orElse(0);
    return new SeedRun.PolicyScore(win, gold, proxy, meanKl, correct, worked, length);
  }

  /** Best-of-n over each question's pool of {@code pool} SFT answers (the unbiased estimator). */
  static BestOfNCurves bestOfN(
      List<ArithmeticQuestion> eval,
      List<int[]> prompts,
      int[][] poolAnswers,
      int pool,
      double[][] opponentGold,
      Tokenizer tokenizer,
      RankedRewardModel rm,
      TransformerModel reader,
      int eos) {
    int[] ns = PpoRun.grid(pool);
    double[] bonWin = new double[ns.length];
    double[] bonGold = new double[ns.length];
    double[] bonProxy = new double[ns.length];
    List<int[]> rowPrompts = new ArrayList<>();
    List<int[]> rowAnswers = new ArrayList<>();
    for (int r = 0; r < poolAnswers.length; r++) {
      rowPrompts.add(prompts.get(r / pool));
      rowAnswers.add(poolAnswers[r]);
    }
    double[] rowProxy = PpoRun.proxy(rm, reader, rowPrompts, rowAnswers, eos);
    for (int q = 0; q < eval.size(); q++) {
      double[] proxy = new double[pool];
      double[] gold = new double[pool];
      double[] win = new double[pool];
      for (int j = 0; j < pool; j++) {
        proxy[j] = rowProxy[q * pool + j];
        gold[j] = Answers.gold(eval.get(q), tokenizer, poolAnswers[q * pool + j]);
        for (double o : opponentGold[q]) {
          win[j] += Answers.win(gold[j], o) / opponentGold[q].length;
        }
      }
      add(bonWin, BestOfN.curve(proxy, win, ns), eval.size());
      add(bonGold, BestOfN.curve(proxy, gold, ns), eval.size());
      add(bonProxy, BestOfN.curve(proxy, proxy, ns), eval.size());
    }
    return new BestOfNCurves(ns, bonWin, bonGold, bonProxy, rowProxy);
  }

  private static void add(double[] into, double[] values, int count) {
    for (int i = 0; i < into.length; i++) {
      into[i] += values[i] / count;
    }
  }
}
