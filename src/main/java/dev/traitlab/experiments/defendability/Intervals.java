package dev.traitlab.experiments.defendability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Unions of at most k intervals on the real line (thresholds are the case of one half-line), VC
 * dimension 2k, with D uniform on [0, 1] or on a finite set of points. A function is its sorted
 * boundaries b0 < b1 < ...: x is labelled 1 when an odd number of boundaries lie at or below it, so
 * the function is 0 far to the left and far to the right and its 1-runs are [b0, b1), [b2, b3)...
 */
final class Intervals {
  private Intervals() {}

  /** A union of intervals by its sorted boundaries (an even number of them). */
  record Union(double[] bounds) {
    Union {
      if (bounds.length % 2 != 0) {
        throw new IllegalArgumentException("a union of intervals has an even number of bounds");
      }
      for (int i = 1; i < bounds.length; i++) {
        if (!(bounds[i] > bounds[i - 1])) {
          throw new IllegalArgumentException("bounds must increase: " + Arrays.toString(bounds));
        }
      }
    }

    boolean at(double x) {
      int below = 0;
      while (below < bounds.length && bounds[below] <= x) {
        below++;
      }
      return (below & 1) == 1;
    }

    /** The number of intervals (1-runs). */
    int intervals() {
      return bounds.length / 2;
    }

    /** Lebesgue measure of {x in [0, 1] : this(x) != other(x)}, exactly. */
    double disagreement(Union other) {
      double[] all = new double[bounds.length + other.bounds.length + 2];
      System.arraycopy(bounds, 0, all, 0, bounds.length);
      System.arraycopy(other.bounds, 0, all, bounds.length, other.bounds.length);
      all[all.length - 2] = 0;
      all[all.length - 1] = 1;
      Arrays.sort(all);
      double mass = 0;
      for (int i = 1; i < all.length; i++) {
        double lo = Math.max(0, all[i - 1]);
        double hi = Math.min(1, all[i]);
        if (hi > lo && at((lo + hi) / 2) != other.at((lo + hi) / 2)) {
          mass += hi - lo;
        }
      }
      return mass;
    }
  }

  /** A random union of {@code count} intervals with boundaries uniform in [0, 1]. */
  static Union random(int count, SplittableRandom rng) {
    double[] b = new double[2 * count];
    for (int i = 0; i < b.length; i++) {
      b[i] = rng.nextDouble();
    }
    Arrays.sort(b);
    return new Union(b);
  }

  /**
   * f with the window [lo, hi] set to {@code label}: the attacker's backdoor. Adds at most one
   * interval to f, so f with at most k - 1 intervals stays in the class of k.
   */
  static Union setWindow(Union f, double lo, double hi, boolean label) {
    List<Double> out = new ArrayList<>();
    int before = 0;
    for (double b : f.bounds()) {
      if (b < lo) {
        out.add(b);
        before++;
      }
    }
    boolean left = (before & 1) == 1; // f just below lo
    if (left != label) {
      out.add(lo);
    }
    int upTo = 0;
    for (double b : f.bounds()) {
      if (b <= hi) {
        upTo++;
      }
    }
    boolean right = (upTo & 1) == 1; // f just above hi
    if (label != right) {
      out.add(hi);
    }
    for (double b : f.bounds()) {
      if (b > hi) {
        out.add(b);
      }
    }
    return new Union(out.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * Empirical risk minimisation over unions of intervals from labelled points (realisable: a
   * labelling with at most k runs of 1 is some union's): each 1-run of the sorted sample becomes an
   * interval whose ends lie halfway to the neighbouring 0-points, and a run at either end of the
   * sample extends past the end of the domain [0, 1] (the nearest-neighbour rule). Consistent with
   * the sample, with as few intervals as it allows.
   */
  static Union erm(double[] xs, boolean[] ys) {
    Integer[] order = new Integer[xs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(xs[a], xs[b]));
    List<Double> bounds = new ArrayList<>();
    double lastZero = Double.NaN;
    double lastOne = Double.NaN;
    boolean inRun = false;
    for (int idx : order) {
      double x = xs[idx];
      if (ys[idx]) {
        if (!inRun) {
          bounds.add(Double.isNaN(lastZero) ? -1 : (lastZero + x) / 2);
          inRun = true;
        }
        lastOne = x;
      } else {
        if (inRun) {
          bounds.add((lastOne + x) / 2);
          inRun = false;
        }
        lastZero = x;
      }
    }
    if (inRun) {
      bounds.add(2.0);
    }
    return new Union(bounds.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The number of 1-runs of a labelling of points in sorted order. */
  static int runs(boolean[] sortedLabels) {
    int runs = 0;
    for (int i = 0; i < sortedLabels.length; i++) {
      if (sortedLabels[i] && (i == 0 || !sortedLabels[i - 1])) {
        runs++;
      }
    }
    return runs;
  }
}
