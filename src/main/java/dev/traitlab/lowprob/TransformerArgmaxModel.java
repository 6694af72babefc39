package dev.traitlab.lowprob;

import dev.traitlab.nn.transformer.FinalPositionPass;
import dev.traitlab.nn.transformer.TransformerModel;
import java.util.Arrays;

/**
 * An embedded transformer as an {@link ArgmaxModel}: rows are evaluated by {@link
 * FinalPositionPass} in chunks of at most {@code maxRows}, and the one-hot gradient of token u at
 * position p is the embedding gradient there dotted with u's input embedding (the embedding lookup
 * is the one-hot vector times the embedding matrix).
 */
public final class TransformerArgmaxModel implements ArgmaxModel {
  private final TransformerModel model;
  private final FinalPositionPass pass;
  private final int maxRows;
  private final float[][] embeddings;
  private final float[][] unembedding;

  /**
   * @param maxRows most rows per engine call (bounds the memory of one pass)
   */
  public TransformerArgmaxModel(TransformerModel model, int maxRows) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
    }
    this.model = model;
    this.pass = new FinalPositionPass(model);
    this.maxRows = maxRows;
    int v = model.config().vocabSize();
    int h = model.config().hiddenSize();
    float[] e = model.weights().get("model.embed_tokens.weight").toFloatArray();
    embeddings = new float[v][];
    for (int i = 0; i < v; i++) {
      embeddings[i] = Arrays.copyOfRange(e, i * h, (i + 1) * h);
    }
    float[] head =
        model.config().tieWordEmbeddings()
            ? e
            : model.weights().get("lm_head.weight").toFloatArray();
    unembedding = new float[h][v];
    for (int i = 0; i < v; i++) {
      for (int k = 0; k < h; k++) {
        unembedding[k][i] = head[i * h + k];
      }
    }
  }

  public TransformerModel model() {
    return model;
  }

  @Override
  public int vocabSize() {
    return model.config().vocabSize();
  }

  @Override
  public int hiddenSize() {
    return model.config().hiddenSize();
  }

  @Override
  public float[][] unembedding() {
    return unembedding;
  }

  @Override
  public Evaluation evaluate(
      int[][] rows, int[] targets, boolean wantHidden, boolean wantGradients) {
    int b = rows.length;
    int t = b == 0 ? 0 : rows[0].length;
    int h = hiddenSize();
    int[] argmax = new int[b];
    float[] logits = targets == null ? null : new float[b];
    float[][] hidden = wantHidden ? new float[b][] : null;
    float[][][] grads = wantGradients ? new float[b][t][] : null;
    for (int start = 0; start < b; start += maxRows) {
      int end = Math.min(b, start + maxRows);
      FinalPositionPass.Output o =
          pass.run(
              Arrays.copyOfRange(rows, start, end),
              targets == null ? null : Arrays.copyOfRange(targets, start, end),
              wantHidden,
              wantGradients);
      System.arraycopy(o.argmax(), 0, argmax, start, end - start);
      if (logits != null) {
        System.arraycopy(o.targetLogits(), 0, logits, start, end - start);
      }
      for (int r = start; r < end; r++) {
        int i = r - start;
        if (hidden != null) {
          hidden[r] = Arrays.copyOfRange(o.hidden(), i * h, (i + 1) * h);
        }
        if (grads != null) {
          for (int p = 0; p < t; p++) {
            int at = (i * t + p) * h;
            grads[r][p] = Arrays.copyOfRange(o.embeddingGradients(), at, at + h);
          }
        }
      }
    }
    OneHotGradient g =
        grads == null
            ? null
            : (row, position, token) -> {
              float[] x = grads[row][position];
              float[] e = embeddings[token];
              double s = 0;
              for (int k = 0; k < x.length; k++) {
                s += x[k] * e[k];
              }
              return s;
            };
    return new Evaluation(argmax, logits, hidden, g);
  }
}
