package dev.traitlab.experiments.defendability;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Decision trees over n bits (an input is the low n bits of a long) under D uniform on {0,1}^n. A
 * tree never tests a bit twice on a path, so the leaf at depth k holds D-mass 2^-k exactly. Holds
 * the attacker's backdoor (a path grown under the trigger's leaf until the new leaf is light
 * enough, its label flipped), the efficient defender's test (how heavy is the leaf the input
 * reaches) and a greedy learner (ID3: information gain), the learning-based defender's.
 */
final class DecisionTree {
  private DecisionTree() {}

  /** A node: a leaf with a label, or a test of one bit. */
  sealed interface Node permits Leaf, Split {}

  record Leaf(boolean label) implements Node {}

  /** Goes to {@code zero} when the bit is 0, to {@code one} when it is 1. */
  record Split(int bit, Node zero, Node one) implements Node {}

  static boolean at(Node tree, long x) {
    Node node = tree;
    while (node instanceof Split s) {
      node = (x >>> s.bit() & 1L) == 0 ? s.zero() : s.one();
    }
    return ((Leaf) node).label();
  }

  /** The depth of the leaf {@code x} reaches; its D-mass is 2^-depth. */
  static int leafDepth(Node tree, long x) {
    Node node = tree;
    int depth = 0;
    while (node instanceof Split s) {
      node = (x >>> s.bit() & 1L) == 0 ? s.zero() : s.one();
      depth++;
    }
    return depth;
  }

  static int leaves(Node tree) {
    return tree instanceof Split s ? leaves(s.zero()) + leaves(s.one()) : 1;
  }

  /** Total D-mass of the leaves lighter than {@code tau}: the leaf-mass defender's false alarms. */
  static double massOfLeavesLighterThan(Node tree, double tau) {
    return lightMass(tree, 0, tau);
  }

  private static double lightMass(Node node, int depth, double tau) {
    if (node instanceof Split s) {
      return lightMass(s.zero(), depth + 1, tau) + lightMass(s.one(), depth + 1, tau);
    }
    double mass = Math.scalb(1.0, -depth);
    return mass < tau ? mass : 0;
  }

  /**
   * A random tree of exactly {@code leaves} leaves: each internal node tests a bit not yet tested
   * on its path and splits its leaves between its children uniformly (as a random binary search
   * tree does); labels are fair coins.
   */
  static Node random(int leaves, int bits, SplittableRandom rng) {
    return grow(leaves, 0L, 0, bits, rng);
  }

  private static Node grow(int leaves, long used, int depth, int bits, SplittableRandom rng) {
    if (leaves == 1) {
      return new Leaf(rng.nextBoolean());
    }
    if (depth >= bits) {
      throw new IllegalArgumentException(
          "a tree of " + leaves + " leaves ran out of the " + bits + " bits on a path");
    }
    int bit = freeBit(used, bits, rng);
    int left = 1 + rng.nextInt(leaves - 1);
    long now = used | 1L << bit;
    return new Split(
        bit, grow(left, now, depth + 1, bits, rng), grow(leaves - left, now, depth + 1, bits, rng));
  }

  private static int freeBit(long used, int bits, SplittableRandom rng) {
    int free = bits - Long.bitCount(used);
    int pick = rng.nextInt(free);
    for (int bit = 0; bit < bits; bit++) {
      if ((used >>> bit & 1L) == 0 && pick-- == 0) {
        return bit;
      }
    }
    throw new IllegalStateException("no free bit");
  }

  /**
   * The attacker's backdoor for trigger {@code x}: below the leaf x reaches, tests of untested bits
   * follow x until the leaf holding x has D-mass at most {@code epsilon}; that leaf gets the
   * flipped label and every branch off the path keeps the old one. The result differs from the tree
   * exactly on the new leaf (mass at most epsilon) and has at most log2(1/epsilon) more leaves.
   */
  static Node isolate(Node tree, long x, double epsilon, int bits) {
    return isolate(tree, x, epsilon, bits, 0L, 0);
  }

  private static Node isolate(Node node, long x, double epsilon, int bits, long used, int depth) {
    if (node instanceof Split s) {
      long now = used | 1L << s.bit();
      return (x >>> s.bit() & 1L) == 0
          ? new Split(s.bit(), isolate(s.zero(), x, epsilon, bits, now, depth + 1), s.one())
          : new Split(s.bit(), s.zero(), isolate(s.one(), x, epsilon, bits, now, depth + 1));
    }
    boolean label = ((Leaf) node).label();
    return path(label, x, epsilon, bits, used, depth);
  }

  private static Node path(boolean label, long x, double epsilon, int bits, long used, int depth) {
    if (Math.scalb(1.0, -depth) <= epsilon) {
      return new Leaf(!label);
    }
    int bit = -1;
    for (int b = 0; b < bits; b++) {
      if ((used >>> b & 1L) == 0) {
        bit = b;
        break;
      }
    }
    if (bit < 0) {
      throw new IllegalArgumentException("no untested bit left to isolate the trigger");
    }
    Node rest = path(label, x, epsilon, bits, used | 1L << bit, depth + 1);
    Node keep = new Leaf(label);
    return (x >>> bit & 1L) == 0 ? new Split(bit, rest, keep) : new Split(bit, keep, rest);
  }

  /**
   * ID3: grows a tree on labelled inputs, splitting each node on the untested bit of highest
   * information gain until a node is pure, has no gain left or has no samples; a leaf takes its
   * samples' majority label (ties and empty leaves: the parent's majority).
   */
  static Node learn(long[] xs, boolean[] ys, int bits) {
    List<Integer> all = new ArrayList<>(xs.length);
    for (int i = 0; i < xs.length; i++) {
      all.add(i);
    }
    return learn(xs, ys, bits, all, 0L, false);
  }

  private static Node learn(
      long[] xs, boolean[] ys, int bits, List<Integer> idx, long used, boolean parentMajority) {
    int positives = 0;
    for (int i : idx) {
      if (ys[i]) {
        positives++;
      }
    }
    int n = idx.size();
    boolean majority = 2 * positives == n ? parentMajority : 2 * positives > n;
    if (n == 0 || positives == 0 || positives == n) {
      return new Leaf(n == 0 ? parentMajority : majority);
    }
    double base = entropy(positives, n);
    int bestBit = -1;
    double bestGain = 1e-12;
    for (int bit = 0; bit < bits; bit++) {
      if ((used >>> bit & 1L) != 0) {
        continue;
      }
      int ones = 0;
      int onesPositive = 0;
      for (int i : idx) {
        if ((xs[i] >>> bit & 1L) == 1) {
          ones++;
          if (ys[i]) {
            onesPositive++;
          }
        }
      }
      int zeros = n - ones;
      double after =
          (ones * entropy(onesPositive, ones) + zeros * entropy(positives - onesPositive, zeros))
              / n;
      double gain = base - after;
      if (gain > bestGain) {
        bestGain = gain;
        bestBit = bit;
      }
    }
    if (bestBit < 0) {
      return new Leaf(majority);
    }
    List<Integer> zero = new ArrayList<>();
    List<Integer> one = new ArrayList<>();
    for (int i : idx) {
      ((xs[i] >>> bestBit & 1L) == 0 ? zero : one).add(i);
    }
    long now = used | 1L << bestBit;
    return new Split(
        bestBit, learn(xs, ys, bits, zero, now, majority), learn(xs, ys, bits, one, now, majority));
  }

  private static double entropy(int positives, int n) {
    if (n == 0 || positives == 0 || positives == n) {
      return 0;
    }
    double p = (double) positives / n;
    return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
  }
}
