package dev.traitlab.experiments.heuristicestimators;

import org.apache.commons.math3.special.Erf;

/**
 * Moments of rectified Gaussians in closed form: E[relu(z)] and E[relu(z)^2] for z ~ N(m, s^2), and
 * E[relu(z1) relu(z2)] for a bivariate normal (Rosenbaum 1961, moments of the truncated bivariate
 * normal), with the bivariate normal distribution function by adaptive quadrature of the arcsine
 * form Phi2(a, b; rho) = Phi(a) Phi(b) + (1/2pi) int_0^asin(rho) exp(-(a^2 + b^2 - 2ab sin t) / (2
 * cos^2 t)) dt. The moment propagators of {@link ReluNetwork} are built on these.
 */
final class GaussianRelu {
  private static final double SQRT2 = Math.sqrt(2);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
  private static final double TINY = 1e-12;

  private GaussianRelu() {}

  static double pdf(double x) {
    return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  }

  static double cdf(double x) {
    return 0.5 * Erf.erfc(-x / SQRT2);
  }

  /** E[relu(z)] for z ~ N(m, s^2). */
  static double mean(double m, double s) {
    if (s < TINY) {
      return Math.max(m, 0);
    }
    double a = m / s;
    return m * cdf(a) + s * pdf(a);
  }

  /** E[relu(z)^2] for z ~ N(m, s^2). */
  static double secondMoment(double m, double s) {
    if (s < TINY) {
      return m > 0 ? m * m : 0;
    }
    double a = m / s;
    return (m * m + s * s) * cdf(a) + m * s * pdf(a);
  }

  /** P(U1 <= a, U2 <= b) for standard normals of correlation rho. */
  static double bivariateCdf(double a, double b, double rho) {
    double r = Math.max(-1 + 1e-12, Math.min(1 - 1e-12, rho));
    double upper = Math.asin(r);
    double integral = adaptiveSimpson(t -> integrand(a, b, t), 0, upper, 1e-12, 40);
    return cdf(a) * cdf(b) + integral / (2 * Math.PI);
  }

  private static double integrand(double a, double b, double t) {
    double c = Math.cos(t);
    double c2 = c * c;
    if (c2 < 1e-300) {
      return 0;
    }
    return Math.exp(-(a * a + b * b - 2 * a * b * Math.sin(t)) / (2 * c2));
  }

  /**
   * E[relu(z1) relu(z2)] for (z1, z2) bivariate normal with means m1, m2, standard deviations s1,
   * s2 and correlation rho.
   */
  static double productMoment(double m1, double s1, double m2, double s2, double rho) {
    if (s1 < TINY) {
      return Math.max(m1, 0) * mean(m2, s2);
    }
    if (s2 < TINY) {
      return Math.max(m2, 0) * mean(m1, s1);
    }
    double r = Math.max(-1 + 1e-9, Math.min(1 - 1e-9, rho));
    double a1 = m1 / s1;
    double a2 = m2 / s2;
    // truncation points of the standardised variables: U1 > h, U2 > k
    double h = -a1;
    double k = -a2;
    double q = Math.sqrt(1 - r * r);
    double p = bivariateCdf(a1, a2, r); // P(U1 > h, U2 > k)
    double ch = cdf((r * h - k) / q);
    double ck = cdf((r * k - h) / q);
    double e1 = pdf(h) * ch + r * pdf(k) * ck; // E[U1; A]
    double e2 = pdf(k) * ck + r * pdf(h) * ch; // E[U2; A]
    double e12 =
        r * p
            + r * h * pdf(h) * ch
            + r * k * pdf(k) * ck
            + q * INV_SQRT_2PI * pdf(Math.sqrt((h * h - 2 * r * h * k + k * k) / (q * q)));
    return s1 * s2 * (e12 + a2 * e1 + a1 * e2 + a1 * a2 * p);
  }

  private static double adaptiveSimpson(
      java.util.function.DoubleUnaryOperator f, double a, double b, double eps, int depth) {
    if (a == b) {
      return 0;
    }
    double fa = f.applyAsDouble(a);
    double fb = f.applyAsDouble(b);
    double m = (a + b) / 2;
    double fm = f.applyAsDouble(m);
    double whole = (b - a) / 6 * (fa + 4 * fm + fb);
    return simpson(f, a, b, fa, fm, fb, whole, eps, depth);
  }

  private static double simpson(
      java.util.function.DoubleUnaryOperator f,
      double a,
      double b,
      double fa,
      double fm,
      double fb,
      double whole,
      double eps,
      int depth) {
    double m = (a + b) / 2;
    double lm = (a + m) / 2;
    double rm = (m + b) / 2;
    double flm = f.applyAsDouble(lm);
    double frm = f.applyAsDouble(rm);
    double left = (m - a) / 6 * (fa + 4 * flm + fm);
    double right = (b - m) / 6 * (fm + 4 * frm + fb);
    double diff = left + right - whole;
    if (depth <= 0 || Math.abs(diff) <= 15 * eps) {
      return left + right + diff / 15;
    }
    return simpson(f, a, m, fa, flm, fm, left, eps / 2, depth - 1)
        + simpson(f, m, b, fm, frm, fb, right, eps / 2, depth - 1);
  }
}
