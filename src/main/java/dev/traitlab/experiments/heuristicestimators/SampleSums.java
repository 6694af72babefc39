package dev.traitlab.experiments.heuristicestimators;

/**
 * The one estimator here on which the paper's properties can be checked literally, in closed form:
 * estimating a sum Y = a_1 + ... + a_N of terms one has not all looked at, where an argument is a
 * set S of terms examined. G(. | S) is defined on every polynomial of degree at most 2 in the
 * terms, so it can be applied to expressions that contain its own outputs: examined terms are their
 * values, and each unexamined term is presumed an independent draw from the examined terms'
 * empirical distribution (a_i -> m_S, a_i^2 -> q_S, a_i a_j -> m_S^2 for unexamined i != j, a_i a_j
 * -> a_i m_S for examined i), where m_S and q_S are the mean and mean square of the examined terms.
 * On Y, G(Y | S) = N m_S, the sample-mean extrapolation.
 */
final class SampleSums {
  private SampleSums() {}

  /** c + sum_i l_i a_i + sum_ij Q_ij a_i a_j. */
  record Poly(double constant, double[] linear, double[][] quadratic) {

    static Poly sumOf(int n) {
      double[] l = new double[n];
      java.util.Arrays.fill(l, 1);
      return new Poly(0, l, null);
    }

    Poly minus(Poly other) {
      if (quadratic != null || other.quadratic != null) {
        throw new IllegalArgumentException("only linear polynomials are subtracted here");
      }
      double[] l = linear.clone();
      for (int i = 0; i < l.length; i++) {
        l[i] -= other.linear[i];
      }
      return new Poly(constant - other.constant, l, null);
    }

    /** The product of two linear polynomials. */
    Poly times(Poly other) {
      if (quadratic != null || other.quadratic != null) {
        throw new IllegalArgumentException("the language stops at degree 2");
      }
      int n = linear.length;
      double[][] q = new double[n][n];
      double[] l = new double[n];
      for (int i = 0; i < n; i++) {
        l[i] = constant * other.linear[i] + other.constant * linear[i];
        for (int j = 0; j < n; j++) {
          q[i][j] = linear[i] * other.linear[j];
        }
      }
      return new Poly(constant * other.constant, l, q);
    }

    double value(double[] a) {
      double v = constant;
      for (int i = 0; i < a.length; i++) {
        v += linear[i] * a[i];
        if (quadratic != null) {
          for (int j = 0; j < a.length; j++) {
            v += quadratic[i][j] * a[i] * a[j];
          }
        }
      }
      return v;
    }
  }

  /** G(p | S): the estimate of p given that the terms in {@code examined} were looked at. */
  static double estimate(Poly p, double[] a, boolean[] examined) {
    int n = a.length;
    double sum = 0;
    double sumSq = 0;
    int s = 0;
    for (int i = 0; i < n; i++) {
      if (examined[i]) {
        sum += a[i];
        sumSq += a[i] * a[i];
        s++;
      }
    }
    if (s == 0) {
      throw new IllegalArgumentException("an argument must examine at least one term");
    }
    double m = sum / s;
    double q = sumSq / s;
    double v = p.constant();
    for (int i = 0; i < n; i++) {
      double ai = examined[i] ? a[i] : m;
      v += p.linear()[i] * ai;
      if (p.quadratic() != null) {
        for (int j = 0; j < n; j++) {
          double c = p.quadratic()[i][j];
          if (c == 0) {
            continue;
          }
          double term;
          if (examined[i] && examined[j]) {
            term = a[i] * a[j];
          } else if (examined[i]) {
            term = a[i] * m;
          } else if (examined[j]) {
            term = m * a[j];
          } else {
            term = i == j ? q : m * m;
          }
          v += c * term;
        }
      }
    }
    return v;
  }

  /**
   * G(p | S) for a linear p, as the linear polynomial in the terms that it is (so that it can be
   * estimated in turn): c + sum over examined i of (l_i + (sum of unexamined l) / |S|) a_i.
   */
  static Poly estimateAsPoly(Poly p, boolean[] examined) {
    if (p.quadratic() != null) {
      throw new IllegalArgumentException("only a linear polynomial's estimate is written out");
    }
    int n = p.linear().length;
    double unexamined = 0;
    int s = 0;
    for (int i = 0; i < n; i++) {
      if (examined[i]) {
        s++;
      } else {
        unexamined += p.linear()[i];
      }
    }
    double[] l = new double[n];
    for (int i = 0; i < n; i++) {
      l[i] = examined[i] ? p.linear()[i] + unexamined / s : 0;
    }
    return new Poly(p.constant(), l, null);
  }

  /**
   * The closed form of the error-orthogonality term G((Y - G(Y | T)) G(Y | S') | S) for S, S'
   * within T: |S' \ S| (N / |S'|) (1 - N / |T|) var_S(a), with var_S the examined terms' variance
   * (denominator |S|); zero when S' is within S.
   */
  static double orthogonalityClosedForm(double[] a, boolean[] s, boolean[] sPrime, boolean[] t) {
    int n = a.length;
    int sizeT = count(t);
    int sizeSPrime = count(sPrime);
    int outside = 0;
    double sum = 0;
    double sumSq = 0;
    int sizeS = 0;
    for (int i = 0; i < n; i++) {
      if (sPrime[i] && !s[i]) {
        outside++;
      }
      if (s[i]) {
        sum += a[i];
        sumSq += a[i] * a[i];
        sizeS++;
      }
    }
    double m = sum / sizeS;
    double var = sumSq / sizeS - m * m;
    return outside * ((double) n / sizeSPrime) * (1 - (double) n / sizeT) * var;
  }

  static int count(boolean[] set) {
    int c = 0;
    for (boolean b : set) {
      if (b) {
        c++;
      }
    }
    return c;
  }
}
