package dev.traitlab.probes.sae;

import dev.traitlab.nn.train.ArrayAdam;
import dev.traitlab.probes.Vectors;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A sparse autoencoder on a model's own activations (a ReLU dictionary, as in Anthropic's "Towards
 * Monosemanticity" and Bailey et al.'s self-trained SAEs): with u = x / scale, latents z = relu(We
 * (u - bd) + be) and reconstruction u^ = Wd z + bd, trained on mean squared error per dimension
 * plus l1 * sum(z), decoder columns kept at unit norm. {@code scale} makes E|x - mean|^2 = d, so
 * the L1 coefficient means the same at every layer.
 *
 * @param encoder We, latents x d
 * @param encoderBias be
 * @param decoder Wd, stored as latents x d (row j is latent j's unit-norm direction)
 * @param decoderBias bd
 * @param scale the input scale
 * @param lossHistory mean training loss (reconstruction + L1) per epoch
 * @param reconstructionHistory mean reconstruction error per dimension per epoch (of u)
 */
public record SparseAutoencoder(
    float[][] encoder,
    float[] encoderBias,
    float[][] decoder,
    float[] decoderBias,
    double scale,
    double[] lossHistory,
    double[] reconstructionHistory) {

  public int dimension() {
    return decoderBias.length;
  }

  public int latents() {
    return encoderBias.length;
  }

  /** Trains on token vectors (at least one), seeded initialisation and minibatch order. */
  public static SparseAutoencoder train(List<float[]> xs, SaeTraining t, long seed) {
    if (xs.isEmpty()) {
      throw new IllegalArgumentException("a sparse autoencoder needs activations to train on");
    }
    int d = xs.get(0).length;
    int m = t.latents();
    double[] mean = Vectors.mean(xs);
    double spread = 0;
    for (float[] x : xs) {
      for (int i = 0; i < d; i++) {
        spread += (x[i] - mean[i]) * (x[i] - mean[i]);
      }
    }
    double scale = Math.max(Math.sqrt(spread / xs.size() / d), 1e-6);
    // layout: We (m*d), be (m), Wd (m*d, row j = latent j), bd (d)
    int beOff = m * d;
    int wdOff = beOff + m;
    int bdOff = wdOff + m * d;
    float[] p = new float[bdOff + d];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int j = 0; j < m; j++) {
      double norm = 0;
      for (int i = 0; i < d; i++) {
        double g = rng.nextGaussian();
        p[wdOff + j * d + i] = (float) g;
        norm += g * g;
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < d; i++) {
        p[wdOff + j * d + i] /= (float) norm;
        p[j * d + i] = p[wdOff + j * d + i]; // We starts as Wd'
      }
    }
    for (int i = 0; i < d; i++) {
      p[bdOff + i] = (float) (mean[i] / scale);
    }
    ArrayAdam adam = new ArrayAdam(p, t.learningRate(), 0);
    int n = xs.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    float[] grad = new float[p.length];
    double[] loss = new double[t.epochs()];
    double[] recon = new double[t.epochs()];
    float[] u = new float[d];
    float[] c = new float[d];
    double[] pre = new double[m];
    double[] r = new double[d];
    double[] dxh = new double[d];
    for (int epoch = 0; epoch < t.epochs(); epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
      double epochLoss = 0;
      double epochRecon = 0;
      for (int start = 0; start < n; start += t.batchSize()) {
        int end = Math.min(n, start + t.batchSize());
        double inv = 1.0 / (end - start);
        Arrays.fill(grad, 0);
        for (int k = start; k < end; k++) {
          float[] x = xs.get(order[k]);
          for (int i = 0; i < d; i++) {
            u[i] = (float) (x[i] / scale);
            c[i] = u[i] - p[bdOff + i];
          }
          Arrays.fill(r, 0);
          double l1 = 0;
          for (int j = 0; j < m; j++) {
            double a = p[beOff + j];
            int row = j * d;
            for (int i = 0; i < d; i++) {
              a += p[row + i] * c[i];
            }
            pre[j] = a;
            if (a > 0) {
              l1 += a;
              int drow = wdOff + j * d;
              for (int i = 0; i < d; i++) {
                r[i] += p[drow + i] * a;
              }
            }
          }
          double se = 0;
          for (int i = 0; i < d; i++) {
            r[i] += p[bdOff + i] - u[i];
            se += r[i] * r[i];
            dxh[i] = 2 * r[i] / d * inv;
            grad[bdOff + i] += (float) dxh[i];
          }
          epochRecon += se / d;
          epochLoss += se / d + t.l1() * l1;
          for (int j = 0; j < m; j++) {
            if (pre[j] <= 0) {
              continue;
            }
            int drow = wdOff + j * d;
            double dz = t.l1() * inv;
            for (int i = 0; i < d; i++) {
              grad[drow + i] += (float) (dxh[i] * pre[j]);
              dz += p[drow + i] * dxh[i];
            }
            grad[beOff + j] += (float) dz;
            int row = j * d;
            for (int i = 0; i < d; i++) {
              grad[row + i] += (float) (dz * c[i]);
              grad[bdOff + i] -= (float) (dz * p[row + i]);
            }
          }
        }
        adam.step(grad);
        normaliseDecoder(p, wdOff, m, d);
      }
      loss[epoch] = epochLoss / n;
      recon[epoch] = epochRecon / n;
    }
    float[][] we = new float[m][d];
    float[][] wd = new float[m][d];
    for (int j = 0; j < m; j++) {
      System.arraycopy(p, j * d, we[j], 0, d);
      System.arraycopy(p, wdOff + j * d, wd[j], 0, d);
    }
    return new SparseAutoencoder(
        we,
        Arrays.copyOfRange(p, beOff, beOff + m),
        wd,
        Arrays.copyOfRange(p, bdOff, bdOff + d),
        scale,
        loss,
        recon);
  }

  private static void normaliseDecoder(float[] p, int off, int m, int d) {
    for (int j = 0; j < m; j++) {
      double norm = 0;
      for (int i = 0; i < d; i++) {
        norm += p[off + j * d + i] * p[off + j * d + i];
      }
      norm = Math.sqrt(norm);
      if (norm > 0) {
        for (int i = 0; i < d; i++) {
          p[off + j * d + i] /= (float) norm;
        }
      }
    }
  }

  /** Pre-activations We (x / scale - bd) + be of every latent. */
  public double[] preActivations(float[] x) {
    if (x.length != dimension()) {
      throw new IllegalArgumentException(
          "the SAE reads vectors of " + dimension() + " values, got " + x.length);
    }
    double[] pre = new double[latents()];
    double[] c = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      c[i] = x[i] / scale - decoderBias[i];
    }
    for (int j = 0; j < pre.length; j++) {
      double a = encoderBias[j];
      for (int i = 0; i < c.length; i++) {
        a += encoder[j][i] * c[i];
      }
      pre[j] = a;
    }
    return pre;
  }

  /** The latents relu(pre-activations) of {@code x}. */
  public float[] encode(float[] x) {
    double[] pre = preActivations(x);
    float[] z = new float[pre.length];
    for (int j = 0; j < z.length; j++) {
      z[j] = (float) Math.max(0, pre[j]);
    }
    return z;
  }

  /** The reconstruction of {@code x}, in the units of x. */
  public float[] reconstruct(float[] x) {
    float[] z = encode(x);
    float[] out = new float[dimension()];
    for (int i = 0; i < out.length; i++) {
      double v = decoderBias[i];
      for (int j = 0; j < z.length; j++) {
        v += decoder[j][i] * z[j];
      }
      out[i] = (float) (v * scale);
    }
    return out;
  }

  /**
   * The vector-Jacobian product g' dz/dx at {@code x}: how the latents' weighted sum g.z changes
   * with x (an attack backpropagates a latent monitor's gradient through it).
   */
  public float[] pullBack(float[] x, float[] latentGradient) {
    double[] pre = preActivations(x);
    double[] g = new double[x.length];
    for (int j = 0; j < pre.length; j++) {
      if (pre[j] > 0 && latentGradient[j] != 0) {
        for (int i = 0; i < g.length; i++) {
          g[i] += latentGradient[j] * encoder[j][i] / scale;
        }
      }
    }
    return Vectors.toFloats(g);
  }

  /** The fraction of latents active (> 0) on {@code x}. */
  public double activeFraction(float[] x) {
    int active = 0;
    for (double a : preActivations(x)) {
      active += a > 0 ? 1 : 0;
    }
    return (double) active / latents();
  }
}
