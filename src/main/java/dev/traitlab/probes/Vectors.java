package dev.traitlab.probes;

import java.util.List;

/** Small dense-vector arithmetic the probes share (float vectors, double accumulation). */
public final class Vectors {
  private Vectors() {}

  public static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  public static double norm(float[] a) {
    return Math.sqrt(dot(a, a));
  }

  /** The mean of equal-length vectors (at least one). */
  public static double[] mean(List<float[]> xs) {
    if (xs.isEmpty()) {
      throw new IllegalArgumentException("no vectors to average");
    }
    double[] m = new double[xs.get(0).length];
    for (float[] x : xs) {
      if (x.length != m.length) {
        throw new IllegalArgumentException(
            "vectors of different lengths: " + m.length + " and " + x.length);
      }
      for (int i = 0; i < m.length; i++) {
        m[i] += x[i];
      }
    }
    for (int i = 0; i < m.length; i++) {
      m[i] /= xs.size();
    }
    return m;
  }

  public static float[] toFloats(double[] a) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (float) a[i];
    }
    return out;
  }
}
