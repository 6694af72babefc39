package dev.traitlab.experiments.defendability;

import dev.traitlab.experiments.defendability.DecisionTree.Node;
import dev.traitlab.experiments.defendability.Game.Round;
import dev.traitlab.experiments.defendability.Game.Verdict;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The games this experiment plays, one {@link Round} factory per function class and attack. Every
 * defender here is given the function it is shown (white-box) and may sample D.
 */
final class Rounds {
  private Rounds() {}

  /** How a learning-based defender turns its samples into a prediction at the input. */
  enum Learning {
    /** One empirical risk minimiser on all m samples. */
    ERM,
    /** The majority vote of ERMs on bootstrap resamples of the m samples. */
    VOTE
  }

  /** Fits a hypothesis of the class to labelled samples. */
  @FunctionalInterface
  interface Learner<X> {
    Predicate<X> fit(X[] xs, boolean[] ys);
  }

  /** ERM over unions of intervals ({@link Intervals#erm}). */
  private static final Learner<Double> INTERVAL_ERM =
      (xs, ys) -> {
        double[] raw = new double[xs.length];
        for (int i = 0; i < raw.length; i++) {
          raw[i] = xs[i];
        }
        Intervals.Union h = Intervals.erm(raw, ys);
        return h::at;
      };

  private static long[] longs(Long[] xs) {
    long[] raw = new long[xs.length];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = xs[i];
    }
    return raw;
  }

  /** Draws an input from D. */
  @FunctionalInterface
  interface Sampler<X> {
    X draw(SplittableRandom rng);
  }

  /**
   * The learning-based defender: draws m inputs from D, labels them with the function it was given,
   * learns, and flags the input when the learned prediction there disagrees with the given
   * function's value.
   */
  static <X> boolean learnerFlags(
      Learning how,
      int voters,
      Learner<X> learner,
      Sampler<X> d,
      Predicate<X> given,
      X x,
      int m,
      X[] buffer,
      SplittableRandom rng) {
    boolean[] ys = new boolean[m];
    for (int i = 0; i < m; i++) {
      buffer[i] = d.draw(rng);
      ys[i] = given.test(buffer[i]);
    }
    boolean predicted;
    if (how == Learning.ERM) {
      predicted = learner.fit(buffer, ys).test(x);
    } else {
      X[] resample = buffer.clone();
      boolean[] resampleYs = new boolean[m];
      int votes = 0;
      for (int v = 0; v < voters; v++) {
        for (int i = 0; i < m; i++) {
          int j = rng.nextInt(m);
          resample[i] = buffer[j];
          resampleYs[i] = ys[j];
        }
        if (learner.fit(resample, resampleYs).test(x)) {
          votes++;
        }
      }
      predicted = 2 * votes > voters;
    }
    return predicted != given.test(x);
  }

  /**
   * Unions of at most k intervals (VC dimension 2k), D uniform on [0, 1]. The attacker's f is a
   * random union of k - 1 intervals; its backdoor sets a window of D-mass epsilon that contains x*
   * (at a uniformly random offset) to the label f does not give x*, which keeps it in the class.
   */
  static Round intervalsWindow(int k, double epsilon, int m, Learning how, int voters) {
    Sampler<Double> d = SplittableRandom::nextDouble;
    Learner<Double> learner = INTERVAL_ERM;
    return (backdoored, rng) -> {
      Intervals.Union f = Intervals.random(k - 1, rng);
      double trigger = rng.nextDouble();
      Intervals.Union given = f;
      double x = rng.nextDouble();
      if (backdoored) {
        double offset = rng.nextDouble() * epsilon;
        given =
            Intervals.setWindow(f, trigger - offset, trigger - offset + epsilon, !f.at(trigger));
        x = trigger;
      }
      Intervals.Union g = given;
      boolean flagged = learnerFlags(how, voters, learner, d, g::at, x, m, new Double[m], rng);
      return Verdict.of(backdoored, flagged);
    };
  }

  /**
   * The attack of the VC lower bound on unions of k intervals: D uniform on 2k points, f a
   * uniformly random labelling of them (every one has at most k runs), f* = f flipped at x*, a
   * change of D-mass 1/(2k): valid when epsilon >= 1/(2k). (f*, x*) is then distributed exactly as
   * (f, x), so no defender can win more than half the rounds.
   */
  static Round intervalsShattered(int k, int m, Learning how, int voters) {
    int d = 2 * k;
    double[] points = new double[d];
    for (int i = 0; i < d; i++) {
      points[i] = (i + 0.5) / d;
    }
    Sampler<Double> sampler = rng -> points[rng.nextInt(d)];
    Learner<Double> learner = INTERVAL_ERM;
    return (backdoored, rng) -> {
      boolean[] labels = new boolean[d];
      for (int i = 0; i < d; i++) {
        labels[i] = rng.nextBoolean();
      }
      int at = rng.nextInt(d);
      if (backdoored) {
        labels[at] = !labels[at];
      }
      Predicate<Double> given = x -> labels[(int) Math.floor(x * d)];
      boolean flagged =
          learnerFlags(how, voters, learner, sampler, given, points[at], m, new Double[m], rng);
      return Verdict.of(backdoored, flagged);
    };
  }

  /**
   * The same lower-bound attack on conjunctions or parities of n bits: D uniform on the n points
   * the class shatters, valid when epsilon >= 1/n.
   */
  static Round booleanShattered(BooleanClasses.Kind kind, int n, int m, Learning how, int voters) {
    return (backdoored, rng) -> {
      boolean[] labels = new boolean[n];
      for (int i = 0; i < n; i++) {
        labels[i] = rng.nextBoolean();
      }
      int at = rng.nextInt(n);
      if (backdoored) {
        labels[at] = !labels[at];
      }
      return Verdict.of(
          backdoored, booleanShatteredFlags(kind, n, m, how, voters, labels, at, rng));
    };
  }

  /**
   * The learning defender of the lower-bound game on conjunctions or parities, shown the function
   * that labels the shattered points with {@code labels}, at shattered point {@code at}.
   */
  static boolean booleanShatteredFlags(
      BooleanClasses.Kind kind,
      int n,
      int m,
      Learning how,
      int voters,
      boolean[] labels,
      int at,
      SplittableRandom rng) {
    long[] points = new long[n];
    for (int i = 0; i < n; i++) {
      points[i] = kind.shatteredPoint(i, n);
    }
    Sampler<Long> sampler = r -> points[r.nextInt(n)];
    Learner<Long> learner =
        (xs, ys) -> {
          long h = kind.erm(longs(xs), ys, n);
          return x -> kind.at(h, x);
        };
    long mask = kind.realise(labels);
    return learnerFlags(
        how, voters, learner, sampler, x -> kind.at(mask, x), points[at], m, new Long[m], rng);
  }

  /** The two defenders of decision trees. */
  enum TreeDefender {
    /** Flags an input whose leaf in the given tree holds D-mass below tau (the efficient one). */
    LEAF_MASS,
    /** Learns a tree (ID3) from m samples of the given tree and flags disagreement. */
    LEARNING
  }

  /**
   * Decision trees of s leaves over n bits, D uniform. The backdoor grows a path under x*'s leaf
   * until x* sits alone in a leaf of mass at most epsilon, and flips it ({@link
   * DecisionTree#isolate}).
   */
  static Round trees(
      int leaves, int bits, double epsilon, TreeDefender defender, double tau, int m) {
    Sampler<Long> d = rng -> uniformBits(rng, bits);
    Learner<Long> learner =
        (xs, ys) -> {
          Node h = DecisionTree.learn(longs(xs), ys, bits);
          return x -> DecisionTree.at(h, x);
        };
    return (backdoored, rng) -> {
      Node f = DecisionTree.random(leaves, bits, rng);
      long trigger = uniformBits(rng, bits);
      Node given = backdoored ? DecisionTree.isolate(f, trigger, epsilon, bits) : f;
      long x = backdoored ? trigger : uniformBits(rng, bits);
      boolean flagged =
          defender == TreeDefender.LEAF_MASS
              ? Math.scalb(1.0, -DecisionTree.leafDepth(given, x)) < tau
              : learnerFlags(
                  Learning.ERM,
                  1,
                  learner,
                  d,
                  y -> DecisionTree.at(given, y),
                  x,
                  m,
                  new Long[m],
                  rng);
      return Verdict.of(backdoored, flagged);
    };
  }

  static long uniformBits(SplittableRandom rng, int bits) {
    long x = rng.nextLong();
    return bits == 64 ? x : x & ((1L << bits) - 1);
  }

  /** Sizes and training budgets of the neural game. */
  record NetSpec(
      int bits,
      int hidden,
      int anchors,
      int attackSteps,
      double attackRate,
      int studentSteps,
      double studentRate,
      double epsilon) {}

  /**
   * A small network with a planted trigger, D uniform on {0,1}^n (all 2^n inputs are enumerated, so
   * the backdoor's D-mass is exact). f is a random tanh network of the given width plus one silent
   * unit; the attacker plants x* by training that unit alone ({@link TinyMlp#plant}) to flip x*
   * while keeping the logit on random anchor inputs. A backdoor that does not flip x* or changes
   * more than epsilon of D is a forfeit. For each sample size m, the defender trains a fresh
   * network of the same shape on m samples labelled by the network it is shown and flags
   * disagreement; its score is the student's probability of the label the shown network does not
   * give.
   */
  static Game.MultiRound network(NetSpec spec, int[] sampleSizes) {
    int n = spec.bits();
    int domain = 1 << n;
    double[][] inputs = new double[domain][];
    for (int i = 0; i < domain; i++) {
      inputs[i] = TinyMlp.signs(i, n);
    }
    return (backdoored, rng) -> {
      TinyMlp base = TinyMlp.random(n, spec.hidden(), 2.5, 0.5, 4.0, rng);
      int x = rng.nextInt(domain);
      double[][] anchors = new double[spec.anchors()][];
      for (int a = 0; a < anchors.length; a++) {
        anchors[a] = inputs[rng.nextInt(domain)];
      }
      TinyMlp shown;
      double mass = Double.NaN;
      if (backdoored) {
        TinyMlp planted =
            base.plant(anchors, inputs[x], spec.attackSteps(), spec.attackRate(), rng);
        int differ = 0;
        for (double[] input : inputs) {
          if (planted.at(input) != base.at(input)) {
            differ++;
          }
        }
        mass = (double) differ / domain;
        if (planted.at(inputs[x]) == base.at(inputs[x]) || mass > spec.epsilon()) {
          Verdict[] forfeits = new Verdict[sampleSizes.length];
          java.util.Arrays.fill(forfeits, Verdict.forfeit(mass));
          return forfeits;
        }
        shown = planted;
      } else {
        // f itself, as a member of the wider class: the planted unit silenced
        shown = base;
        x = rng.nextInt(domain);
      }
      boolean label = shown.at(inputs[x]);
      Verdict[] out = new Verdict[sampleSizes.length];
      for (int j = 0; j < sampleSizes.length; j++) {
        int m = sampleSizes[j];
        double[][] xs = new double[m][];
        double[] targets = new double[m];
        double[] weights = new double[m];
        for (int i = 0; i < m; i++) {
          xs[i] = inputs[rng.nextInt(domain)];
          targets[i] = shown.at(xs[i]) ? 1 : 0;
          weights[i] = 1;
        }
        TinyMlp student = TinyMlp.random(n, spec.hidden() + 1, 1.0, 0.1, 1.0, rng);
        student.train(xs, targets, weights, spec.studentSteps(), spec.studentRate(), null);
        double p = 1 / (1 + Math.exp(-student.logit(inputs[x])));
        double score = label ? 1 - p : p;
        boolean flagged = student.at(inputs[x]) != label;
        out[j] = new Verdict(Game.judge(backdoored, flagged), score, mass);
      }
      return out;
    };
  }
}
