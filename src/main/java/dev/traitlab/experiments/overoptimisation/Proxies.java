package dev.traitlab.experiments.overoptimisation;

import dev.traitlab.core.Seeds;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.rl.BestOfN;
import dev.traitlab.rl.reward.BradleyTerry;
import dev.traitlab.rl.reward.Recalibration;
import dev.traitlab.rl.reward.RewardHeads;
import java.util.ArrayList;
import java.util.List;

/**
 * The comparisons, the proxies trained on them and best-of-n against each proxy. Gold labels are
 * deterministic (the answer of higher gold reward is preferred; equal gold rewards give no
 * comparison); 10% of the comparison questions are held out for validation and recalibration.
 */
final class Proxies {
  private Proxies() {}

  /** Comparisons as feature rows with the gold margin (in gold SDs) of each. */
  record Pairs(int[] chosen, int[] rejected, double[] goldMargin) {
    int size() {
      return chosen.length;
    }
  }

  /** Training pairs (the first 90% of the questions) and held-out pairs (the rest). */
  record Split(Pairs train, Pairs heldOut) {}

  static Split pairs(Samples rm, Features features, double goldSd) {
    double[][] gold = rm.gold();
    int questions = rm.questions().size();
    int trainQuestions = (int) Math.floor(questions * 0.9);
    List<int[]> train = new ArrayList<>();
    List<int[]> held = new ArrayList<>();
    List<Double> trainMargin = new ArrayList<>();
    List<Double> heldMargin = new ArrayList<>();
    for (int q = 0; q < questions; q++) {
      double[] g = gold[q];
      for (int i = 0; i < g.length; i++) {
        for (int j = i + 1; j < g.length; j++) {
          if (Math.abs(g[i] - g[j]) < 1e-12) {
            continue;
          }
          int w = g[i] > g[j] ? i : j;
          int l = w == i ? j : i;
          int[] pair = {features.rowOf()[q][w], features.rowOf()[q][l]};
          double margin = (g[w] - g[l]) / goldSd;
          if (q < trainQuestions) {
            train.add(pair);
            trainMargin.add(margin);
          } else {
            held.add(pair);
            heldMargin.add(margin);
          }
        }
      }
    }
    return new Split(toPairs(train, trainMargin), toPairs(held, heldMargin));
  }

  private static Pairs toPairs(List<int[]> pairs, List<Double> margins) {
    int[] c = new int[pairs.size()];
    int[] r = new int[pairs.size()];
    double[] m = new double[pairs.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = pairs.get(i)[0];
      r[i] = pairs.get(i)[1];
      m[i] = margins.get(i);
    }
    return new Pairs(c, r, m);
  }

  /**
   * Trains one proxy per seed on {@code comparisons} training pairs drawn from the seed, then runs
   * best-of-n against each over the pool.
   *
   * @param poolGold normalised gold reward of every pool sample, [question][sample]
   * @param ns the n grid
   */
  static ProxyPoint measure(
      OveroptimisationConfig config,
      int width,
      int comparisons,
      Features rm,
      Features pool,
      Split split,
      double[][] poolGold,
      int[] ns) {
    long started = System.nanoTime();
    check(comparisons, split);
    int seeds = config.seeds();
    long[] headSeeds = new long[seeds];
    RewardHeads.Comparisons[] sets = new RewardHeads.Comparisons[seeds];
    for (int s = 0; s < seeds; s++) {
      headSeeds[s] = headSeed(config, s, width, comparisons);
      sets[s] = comparisonSet(config, s, comparisons, split);
    }
    float[][] both = new float[rm.rows().length + pool.rows().length][];
    System.arraycopy(rm.rows(), 0, both, 0, rm.rows().length);
    System.arraycopy(pool.rows(), 0, both, rm.rows().length, pool.rows().length);
    double[][] scores =
        RewardHeads.trainAndScore(
            rm.rows(),
            sets,
            both,
            new RewardHeads.Settings(width, config.epochs(), config.batch(), config.learningRate()),
            headSeeds);
    int offset = rm.rows().length;
    List<ProxyPoint.SeedCurve> curves = new ArrayList<>();
    Pairs held = split.heldOut();
    for (int s = 0; s < seeds; s++) {
      double[] score = scores[s];
      Calibration cal = calibrate(score, held, pool, offset);
      double scale = cal.scale();
      double mean = cal.mean();
      double[] gold = new double[ns.length];
      double[] proxy = new double[ns.length];
      for (int q = 0; q < pool.rowOf().length; q++) {
        int[] rows = pool.rowOf()[q];
        double[] p = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
          p[i] = scale * (score[offset + rows[i]] - mean);
        }
        double[] g = BestOfN.curve(p, poolGold[q], ns);
        double[] pp = BestOfN.curve(p, p, ns);
        for (int k = 0; k < ns.length; k++) {
          gold[k] += g[k] / pool.rowOf().length;
          proxy[k] += pp[k] / pool.rowOf().length;
        }
      }
      curves.add(
          new ProxyPoint.SeedCurve(
              cal.accuracy(), cal.rawLoss(), scale, cal.calibratedLoss(), gold, proxy));
    }
    return new ProxyPoint(
        width,
        comparisons,
        RewardHeads.parameterCount(rm.width(), width),
        curves,
        (System.nanoTime() - started) / 1e9);
  }

  /** Refuses a data size the comparison questions cannot give, or an empty held-out set. */
  static void check(int comparisons, Split split) {
    if (comparisons > split.train().size()) {
      throw new TraitlabException(
          "--comparisons "
              + comparisons
              + ": the comparison questions gave only "
              + split.train().size()
              + " training pairs with different gold rewards; raise --rm-prompts");
    }
    if (split.heldOut().size() == 0) {
      throw new TraitlabException(
          "no held-out comparison has different gold rewards; raise --rm-prompts");
    }
  }

  /** The seed of seed index s's proxy head of this size and data size. */
  static long headSeed(OveroptimisationConfig config, int s, int width, int comparisons) {
    return Seeds.derive(config.seedOf(s), "proxy", width, comparisons);
  }

  /** Seed index s's training comparisons: the first {@code comparisons} of its permutation. */
  static RewardHeads.Comparisons comparisonSet(
      OveroptimisationConfig config, int s, int comparisons, Split split) {
    int[] order =
        Seeds.permutation(Seeds.derive(config.seedOf(s), "comparisons"), split.train().size());
    int[] c = new int[comparisons];
    int[] r = new int[comparisons];
    for (int i = 0; i < comparisons; i++) {
      c[i] = split.train().chosen()[order[i]];
      r[i] = split.train().rejected()[order[i]];
    }
    return new RewardHeads.Comparisons(c, r);
  }

  /**
   * A proxy's held-out quality and its recalibration: proxy = scale * (raw - mean).
   *
   * @param accuracy share of held-out pairs ordered as the gold orders them (ties: half)
   * @param rawLoss held-out Bradley-Terry loss before recalibration (nats)
   * @param scale the factor minimising cross-entropy against the gold soft labels
   * @param calibratedLoss that cross-entropy (nats)
   * @param mean the base policy's mean raw score over the pool (the proxy's zero)
   */
  record Calibration(
      double accuracy, double rawLoss, double scale, double calibratedLoss, double mean) {}

  /**
   * @param score raw scores of the comparison rows followed by the pool rows (from {@code offset})
   */
  static Calibration calibrate(double[] score, Pairs held, Features pool, int offset) {
    double[] margins = new double[held.size()];
    double correct = 0;
    for (int i = 0; i < held.size(); i++) {
      margins[i] = score[held.chosen()[i]] - score[held.rejected()[i]];
      correct += margins[i] > 0 ? 1 : margins[i] == 0 ? 0.5 : 0;
    }
    double rawLoss = BradleyTerry.loss(margins, new double[held.size()]);
    double scale = Recalibration.scale(margins, held.goldMargin());
    double calibrated = Recalibration.crossEntropy(scale, margins, held.goldMargin());
    // Recentre so that the base policy's mean proxy reward over the pool is 0.
    double mean = 0;
    int count = 0;
    for (int[] rows : pool.rowOf()) {
      for (int row : rows) {
        mean += score[offset + row];
        count++;
      }
    }
    return new Calibration(correct / held.size(), rawLoss, scale, calibrated, mean / count);
  }
}
