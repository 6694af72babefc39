package dev.traitlab.experiments.defendability;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The VC dimension of a finite class by brute force: the class is given as its functions' truth
 * tables on a finite domain (bit i of a table is the label of domain point i, up to 62 points), and
 * the VC dimension is the size of the largest set of domain points on which the tables realise
 * every labelling.
 */
final class Shattering {
  private Shattering() {}

  /** Whether the tables realise all 2^|points| labellings of {@code points}. */
  static boolean shatters(List<Long> tables, int[] points) {
    Set<Long> patterns = new HashSet<>();
    for (long table : tables) {
      long pattern = 0;
      for (int j = 0; j < points.length; j++) {
        if ((table >>> points[j] & 1L) == 1) {
          pattern |= 1L << j;
        }
      }
      patterns.add(pattern);
    }
    return patterns.size() == 1L << points.length;
  }

  /** The VC dimension of the tables over a domain of {@code domainSize} points. */
  static int vcDimension(List<Long> tables, int domainSize) {
    if (domainSize > 62) {
      throw new IllegalArgumentException("domain of " + domainSize + " points: at most 62");
    }
    int best = 0;
    for (int size = 1; size <= domainSize; size++) {
      if ((1L << size) > tables.size() || !anyShattered(tables, domainSize, size)) {
        break; // a class that shatters no set of this size shatters no larger one
      }
      best = size;
    }
    return best;
  }

  private static boolean anyShattered(List<Long> tables, int domainSize, int size) {
    int[] points = new int[size];
    for (int i = 0; i < size; i++) {
      points[i] = i;
    }
    while (true) {
      if (shatters(tables, points)) {
        return true;
      }
      int i = size - 1;
      while (i >= 0 && points[i] == domainSize - size + i) {
        i--;
      }
      if (i < 0) {
        return false;
      }
      points[i]++;
      for (int j = i + 1; j < size; j++) {
        points[j] = points[j - 1] + 1;
      }
    }
  }
}
