package dev.traitlab.lowprob;

/**
 * A toy "model" with closed-form answers: logits = sum over positions of a per-position embedding
 * of the token, then a linear unembedding (hidden = sum_p E_p[x_p], logits = hidden . W). Its
 * one-hot gradients are exact: d logit_t / d onehot[p, u] = E_p[u] . W[:, t].
 */
final class LinearTokenModel implements ArgmaxModel {
  final float[][][] embed; // [position][token][hidden]
  final float[][] unembed; // [hidden][vocab]

  LinearTokenModel(float[][][] embed, float[][] unembed) {
    this.embed = embed;
    this.unembed = unembed;
  }

  /**
   * Vocabulary of 3 tokens over {@code positions} positions of tokens {0, 1}: token 2's logit is
   * {@code gain} times the number of positions holding token 1, token 0's is the constant {@code
   * gain * (positions - 0.5)}, token 1's is far below. So argmax = 2 exactly when every position
   * holds token 1: probability prod_p Pr[x_p = 1].
   */
  static LinearTokenModel allOnes(int positions, float gain) {
    // hidden = (count of ones, 1): logits: t0 = gain (positions - 0.5) * h1, t1 = -100 h1,
    // t2 = gain * h0.
    float[][][] e = new float[positions][3][2];
    for (int p = 0; p < positions; p++) {
      e[p][1][0] = 1;
      for (int u = 0; u < 3; u++) {
        e[p][u][1] = 1f / positions;
      }
    }
    float[][] w = {{0, 0, gain}, {gain * (positions - 0.5f), -100, 0}};
    return new LinearTokenModel(e, w);
  }

  @Override
  public int vocabSize() {
    return unembed[0].length;
  }

  @Override
  public int hiddenSize() {
    return unembed.length;
  }

  @Override
  public float[][] unembedding() {
    return unembed;
  }

  float[] hidden(int[] row) {
    float[] h = new float[hiddenSize()];
    for (int p = 0; p < row.length; p++) {
      for (int k = 0; k < h.length; k++) {
        h[k] += embed[p][row[p]][k];
      }
    }
    return h;
  }

  @Override
  public Evaluation evaluate(int[][] rows, int[] targets, boolean wantHidden, boolean wantGrad) {
    int b = rows.length;
    int[] argmax = new int[b];
    float[] tl = targets == null ? null : new float[b];
    float[][] hid = wantHidden ? new float[b][] : null;
    for (int r = 0; r < b; r++) {
      float[] h = hidden(rows[r]);
      int best = 0;
      double bestLogit = Double.NEGATIVE_INFINITY;
      for (int v = 0; v < vocabSize(); v++) {
        double l = Gld.logit(unembed, h, v);
        if (l > bestLogit) {
          bestLogit = l;
          best = v;
        }
      }
      argmax[r] = best;
      if (tl != null) {
        tl[r] = (float) Gld.logit(unembed, h, targets[r]);
      }
      if (hid != null) {
        hid[r] = h;
      }
    }
    OneHotGradient g =
        wantGrad
            ? (row, position, token) -> {
              double s = 0;
              for (int k = 0; k < hiddenSize(); k++) {
                s += embed[position][token][k] * unembed[k][targets[row]];
              }
              return s;
            }
            : null;
    return new Evaluation(argmax, tl, hid, g);
  }
}
