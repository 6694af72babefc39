package dev.traitlab.nn;

/**
 * The exact (erf-based) GELU of Hendrycks and Gimpel, gelu(z) = z Phi(z), and its derivative, in
 * double, for the hand-written kernels that compute what PyTorch's {@code gelu} computes (the
 * decoding steps and the fused training step).
 */
public final class Gelu {
  private static final double SQRT_HALF = Math.sqrt(0.5);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  private Gelu() {}

  /** gelu(z) = 0.5 z (1 + erf(z / sqrt 2)). */
  public static double value(double z) {
    return 0.5 * z * (1 + erf(z * SQRT_HALF));
  }

  /** d gelu / dz = Phi(z) + z phi(z), phi the standard normal density. */
  public static double derivative(double z) {
    return 0.5 * (1 + erf(z * SQRT_HALF)) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
  }

  /** The error function, to a fractional error below 1.2e-7 of erfc (Numerical Recipes' erfcc). */
  public static double erf(double z) {
    double t = 1.0 / (1.0 + 0.5 * Math.abs(z));
    double poly =
        t
            * (1.00002368
                + t
                    * (0.37409196
                        + t
                            * (0.09678418
                                + t
                                    * (-0.18628806
                                        + t
                                            * (0.27886807
                                                + t
                                                    * (-1.13520398
                                                        + t
                                                            * (1.48851587
                                                                + t
                                                                    * (-0.82215223
                                                                        + t * 0.17087277))))))));
    // The same order of additions as the reference: (-z^2 - 1.26551223) + t (...).
    double ans = 1 - t * Math.exp(-z * z - 1.26551223 + poly);
    return z >= 0 ? ans : -ans;
  }
}
