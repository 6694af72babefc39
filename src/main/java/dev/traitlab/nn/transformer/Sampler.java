package dev.traitlab.nn.transformer;

import dev.traitlab.nn.mkl.MklMath;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Token choice from one row of logits, in Java: vocabularies here are small and rows few. */
final class Sampler {
  private Sampler() {}

  /** log sum_i exp(logits[i]) (nats), from the same exponentials {@link #draw} sums. */
  static float logSumExp(float[] logits) {
    float max = logits[argmax(logits)];
    return (float) (max + Math.log(sum(shiftedExp(logits, max, 1))));
  }

  /**
   * exp((logits[i] - max) / temperature) in float, through {@link MklMath} (one vectorised call):
   * the sampler's one source of exponentials, so that a draw, its log-sum-exp and a plain sample
   * from the same row see the same numbers.
   */
  private static float[] shiftedExp(float[] logits, float max, double temperature) {
    float[] e = new float[logits.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = temperature == 1 ? logits[i] - max : (float) ((logits[i] - max) / temperature);
    }
    MklMath.expInPlace(e, 0, e.length);
    return e;
  }

  private static double sum(float[] e) {
    double total = 0;
    for (float x : e) {
      total += x;
    }
    return total;
  }

  static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  /** A drawn token and the log-sum-exp of the row it was drawn from (nats). */
  record Draw(int token, float logSumExp) {}

  /**
   * {@link #sample(float[], double, double, int, double, SplittableRandom)} from {@code drawn} (the
   * row after any logit controls), with the log-sum-exp of the unadjusted {@code row}. When the
   * draw is the plain softmax of the row itself (temperature 1, no truncation, no controls) one
   * pass of exponentials serves both: the same numbers, and the same token for the same random
   * state, as computing them apart.
   */
  static Draw draw(
      float[] row,
      float[] drawn,
      double temperature,
      double topP,
      int topK,
      double minP,
      SplittableRandom rng) {
    int v = row.length;
    boolean truncates = topP < 1 || (topK > 0 && topK < v) || minP > 0;
    if (drawn != row || temperature != 1 || truncates) {
      return new Draw(sample(drawn, temperature, topP, topK, minP, rng), logSumExp(row));
    }
    float max = row[argmax(row)];
    float[] e = shiftedExp(row, max, 1);
    double total = sum(e);
    float lse = (float) (max + Math.log(total));
    double u = rng.nextDouble() * total;
    double acc = 0;
    for (int i = 0; i < v; i++) {
      acc += e[i];
      if (u < acc) {
        return new Draw(i, lse);
      }
    }
    return new Draw(argmax(row), lse);
  }

  /** Temperature 0 is greedy; otherwise softmax(logits / T) restricted to the top-p nucleus. */
  static int sample(float[] logits, double temperature, double topP, SplittableRandom rng) {
    return sample(logits, temperature, topP, 0, 0, rng);
  }

  /**
   * Temperature 0 is greedy; otherwise softmax(logits / T) restricted, in this order as in Hugging
   * Face transformers and vLLM, to the topK most likely tokens (0: all), to the smallest top-p
   * nucleus of those (renormalised), and to the tokens whose probability is at least minP times the
   * largest (0: all). Without top-k and min-p the draws are those of the plain top-p sampler.
   */
  static int sample(
      float[] logits,
      double temperature,
      double topP,
      int topK,
      double minP,
      SplittableRandom rng) {
    if (temperature == 0) {
      return argmax(logits);
    }
    int v = logits.length;
    float max = logits[argmax(logits)];
    boolean truncates = topP < 1 || (topK > 0 && topK < v) || minP > 0;
    if (!truncates) {
      float[] e = shiftedExp(logits, max, temperature);
      double u = rng.nextDouble() * sum(e);
      double acc = 0;
      for (int i = 0; i < v; i++) {
        acc += e[i];
        if (u < acc) {
          return i;
        }
      }
      return argmax(logits);
    }
    double[] p = new double[v];
    double total = 0;
    for (int i = 0; i < v; i++) {
      p[i] = Math.exp((logits[i] - max) / temperature);
      total += p[i];
    }
    Integer[] order = new Integer[v];
    for (int i = 0; i < v; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
    int candidates = topK > 0 ? Math.min(topK, v) : v;
    if (candidates < v) {
      total = 0;
      for (int i = 0; i < candidates; i++) {
        total += p[order[i]];
      }
    }
    double kept = 0;
    int n = 0;
    while (n < candidates && (n == 0 || kept < topP * total)) {
      kept += p[order[n]];
      n++;
    }
    // p[order[0]] is the largest probability (times the same normaliser as every p).
    double floor = minP * p[order[0]];
    while (n > 1 && p[order[n - 1]] < floor) {
      n--;
      kept -= p[order[n]];
    }
    double u = rng.nextDouble() * kept;
    double acc = 0;
    for (int i = 0; i < n; i++) {
      acc += p[order[i]];
      if (u < acc) {
        return order[i];
      }
    }
    return order[0];
  }

  /** Indices of the k largest logits, largest first. */
  static int[] topK(float[] logits, int k) {
    k = Math.min(k, logits.length);
    int[] top = new int[k];
    Arrays.fill(top, -1);
    for (int i = 0; i < logits.length; i++) {
      int pos = k;
      while (pos > 0 && (top[pos - 1] < 0 || logits[top[pos - 1]] < logits[i])) {
        pos--;
      }
      if (pos < k) {
        System.arraycopy(top, pos, top, pos + 1, k - pos - 1);
        top[pos] = i;
      }
    }
    return top;
  }
}
