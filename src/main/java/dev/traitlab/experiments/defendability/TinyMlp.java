package dev.traitlab.experiments.defendability;

import dev.traitlab.nn.train.ArrayAdam;
import java.util.SplittableRandom;

/**
 * A small network on n-bit inputs read as +-1 vectors: one tanh hidden layer and a logit, label 1
 * when the logit is positive. Trained full-batch with Adam on weighted binary cross-entropy. Plain
 * Java: the networks of this experiment have a few hundred weights, and thousands of them are
 * trained, each in milliseconds.
 */
final class TinyMlp {
  final int inputs;
  final int hidden;
  // parameters, flattened: w1 (hidden x inputs), b1 (hidden), w2 (hidden), b2
  private final double[] p;

  private TinyMlp(int inputs, int hidden, double[] p) {
    this.inputs = inputs;
    this.hidden = hidden;
    this.p = p;
  }

  /** Weights N(0, (inScale^2)/inputs) and N(0, outScale^2/hidden), biases N(0, biasScale^2). */
  static TinyMlp random(
      int inputs,
      int hidden,
      double inScale,
      double biasScale,
      double outScale,
      SplittableRandom rng) {
    double[] p = new double[hidden * inputs + 2 * hidden + 1];
    int k = 0;
    for (int i = 0; i < hidden * inputs; i++) {
      p[k++] = rng.nextGaussian() * inScale / Math.sqrt(inputs);
    }
    for (int i = 0; i < hidden; i++) {
      p[k++] = rng.nextGaussian() * biasScale;
    }
    for (int i = 0; i < hidden; i++) {
      p[k++] = rng.nextGaussian() * outScale / Math.sqrt(hidden);
    }
    p[k] = 0;
    return new TinyMlp(inputs, hidden, p);
  }

  TinyMlp copy() {
    return new TinyMlp(inputs, hidden, p.clone());
  }

  /**
   * The attacker's planted trigger: this network with one more hidden unit (and its output bias
   * shifted), the new unit trained by Adam, with the rest of the network frozen, to flip the label
   * of {@code trigger} by a margin of 1 while keeping the logit unchanged on {@code anchors} (the
   * squared change of the logit, averaged over anchors, is the penalty). The original network is a
   * member of the wider class too (the new unit with output weight 0), so f and f* share a class.
   */
  TinyMlp plant(double[][] anchors, double[] trigger, int steps, double lr, SplittableRandom rng) {
    double sign = logit(trigger) > 0 ? -1 : 1; // the side the trigger must move to
    // the new unit: w (inputs), b, a (output weight), d (output bias shift)
    double[] q = new double[inputs + 3];
    for (int i = 0; i < inputs; i++) {
      q[i] = rng.nextGaussian() / Math.sqrt(inputs);
    }
    q[inputs + 1] = 0.1;
    double base = logit(trigger);
    double[] grad = new double[q.length];
    ArrayAdam adam = new ArrayAdam(q, lr, 0);
    for (int step = 1; step <= steps; step++) {
      java.util.Arrays.fill(grad, 0);
      for (double[] x : anchors) {
        accumulate(q, x, 2 * unit(q, x) / anchors.length, grad);
      }
      double shifted = base + unit(q, trigger);
      double slack = 1 - sign * shifted;
      double dLoss = -sign / (1 + Math.exp(-slack)); // d softplus(slack) / d shifted
      accumulate(q, trigger, dLoss, grad);
      adam.step(grad);
    }
    int h = hidden + 1;
    double[] wide = new double[h * inputs + 2 * h + 1];
    System.arraycopy(p, 0, wide, 0, hidden * inputs);
    System.arraycopy(q, 0, wide, hidden * inputs, inputs);
    System.arraycopy(p, hidden * inputs, wide, h * inputs, hidden);
    wide[h * inputs + hidden] = q[inputs];
    System.arraycopy(p, hidden * inputs + hidden, wide, h * inputs + h, hidden);
    wide[h * inputs + h + hidden] = q[inputs + 1];
    wide[wide.length - 1] = p[p.length - 1] + q[inputs + 2];
    return new TinyMlp(inputs, h, wide);
  }

  /** The new unit's contribution to the logit: a tanh(w.x + b) + d. */
  private double unit(double[] q, double[] x) {
    double z = q[inputs];
    for (int i = 0; i < inputs; i++) {
      z += q[i] * x[i];
    }
    return q[inputs + 1] * Math.tanh(z) + q[inputs + 2];
  }

  private void accumulate(double[] q, double[] x, double dOut, double[] grad) {
    double z = q[inputs];
    for (int i = 0; i < inputs; i++) {
      z += q[i] * x[i];
    }
    double t = Math.tanh(z);
    double dz = dOut * q[inputs + 1] * (1 - t * t);
    for (int i = 0; i < inputs; i++) {
      grad[i] += dz * x[i];
    }
    grad[inputs] += dz;
    grad[inputs + 1] += dOut * t;
    grad[inputs + 2] += dOut;
  }

  /** The +-1 vector of the low {@code n} bits of {@code bits}. */
  static double[] signs(long bits, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = (bits >>> i & 1L) == 1 ? 1 : -1;
    }
    return x;
  }

  double logit(double[] x) {
    return forward(x, new double[hidden]);
  }

  /** The logit at x, leaving the hidden units' activations in {@code act}. */
  private double forward(double[] x, double[] act) {
    int b1 = hidden * inputs;
    int w2 = b1 + hidden;
    double out = p[w2 + hidden];
    for (int h = 0; h < hidden; h++) {
      double z = p[b1 + h];
      int row = h * inputs;
      for (int i = 0; i < inputs; i++) {
        z += p[row + i] * x[i];
      }
      act[h] = Math.tanh(z);
      out += p[w2 + h] * act[h];
    }
    return out;
  }

  boolean at(double[] x) {
    return logit(x) > 0;
  }

  /**
   * Adam on the weighted mean binary cross-entropy of {@code targets} (0 or 1) over {@code xs}, for
   * {@code steps} full-batch steps; stops early once {@code until} holds (checked every 10 steps;
   * null: never).
   */
  void train(
      double[][] xs,
      double[] targets,
      double[] weights,
      int steps,
      double lr,
      java.util.function.BooleanSupplier until) {
    int b1 = hidden * inputs;
    int w2 = b1 + hidden;
    int b2 = w2 + hidden;
    double[] grad = new double[p.length];
    ArrayAdam adam = new ArrayAdam(p, lr, 0);
    double[] act = new double[hidden];
    double totalWeight = 0;
    for (double w : weights) {
      totalWeight += w;
    }
    for (int step = 1; step <= steps; step++) {
      java.util.Arrays.fill(grad, 0);
      for (int s = 0; s < xs.length; s++) {
        double[] x = xs[s];
        double out = forward(x, act);
        double prob = 1 / (1 + Math.exp(-out));
        double g = weights[s] * (prob - targets[s]) / totalWeight; // d loss / d logit
        grad[b2] += g;
        for (int h = 0; h < hidden; h++) {
          grad[w2 + h] += g * act[h];
          double gz = g * p[w2 + h] * (1 - act[h] * act[h]);
          grad[b1 + h] += gz;
          int row = h * inputs;
          for (int i = 0; i < inputs; i++) {
            grad[row + i] += gz * x[i];
          }
        }
      }
      adam.step(grad);
      if (until != null && step % 10 == 0 && until.getAsBoolean()) {
        return;
      }
    }
  }
}
