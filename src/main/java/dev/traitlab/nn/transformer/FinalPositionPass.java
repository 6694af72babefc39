package dev.traitlab.nn.transformer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.training.GradientCollector;
import dev.traitlab.nn.NativeArrays;

/**
 * Batched passes over rows of equal length that need only the output at the last position: the
 * argmax next token, the logit of a target token per row, the final normed hidden state (the
 * activations the unembedding reads) and the gradient of the target logit with respect to the input
 * embeddings. This is the whole cost of estimating how often argmax sampling yields a token (Wu and
 * Hilton 2024), so the last layer computes keys and values at every position but its query,
 * attention output and MLP at the last position only: a one-layer model costs about 1/T of {@link
 * TransformerModel#logits}. Values equal the full pass's up to float rounding.
 *
 * <p>Uses the model's weights as they are (LoRA adapters included); calls are serialised on the
 * model, and every temporary lives in a sub-manager closed at the end of the call.
 */
public final class FinalPositionPass {
  private final TransformerModel model;

  public FinalPositionPass(TransformerModel model) {
    this.model = model;
  }

  /**
   * What one pass returns, rows in input order.
   *
   * @param argmax the next token with the highest logit at the last position, per row (the lowest
   *     id among equal logits)
   * @param targetLogits the logit of each row's target token, or null when no targets were given
   * @param hidden the final normed hidden state at the last position, [rows * hiddenSize]
   *     row-major, or null when not asked for
   * @param embeddingGradients d targetLogit[r] / d embedding[r, p, :] for every row r and position
   *     p, [rows * T * hiddenSize] row-major, or null when not asked for
   */
  public record Output(
      int[] argmax, float[] targetLogits, float[] hidden, float[] embeddingGradients) {}

  /**
   * One pass over {@code tokens} [rows][T] (all rows of the same length T >= 1).
   *
   * @param targets one target token per row (null: no target logits, no gradients)
   * @param wantHidden whether to return the final hidden states
   * @param wantGradients whether to return the embedding gradients of the target logits (needs
   *     targets)
   * @throws IllegalArgumentException on ragged rows, ids outside the vocabulary, rows longer than
   *     the model's positions, or gradients without targets
   */
  public Output run(int[][] tokens, int[] targets, boolean wantHidden, boolean wantGradients) {
    TransformerConfig c = model.config();
    int b = tokens.length;
    if (b == 0) {
      throw new IllegalArgumentException("final-position pass: no rows");
    }
    int t = tokens[0].length;
    if (t < 1 || t > c.maxPositionEmbeddings()) {
      throw new IllegalArgumentException(
          "final-position pass: rows of "
              + t
              + " tokens (need 1.."
              + c.maxPositionEmbeddings()
              + ")");
    }
    long[] flat = new long[b * t];
    for (int r = 0; r < b; r++) {
      if (tokens[r].length != t) {
        throw new IllegalArgumentException(
            "final-position pass: row " + r + " has " + tokens[r].length + " tokens, row 0 " + t);
      }
      for (int p = 0; p < t; p++) {
        int id = tokens[r][p];
        if (id < 0 || id >= c.vocabSize()) {
          throw new IllegalArgumentException(
              "final-position pass: token id " + id + " in row " + r + " outside the vocabulary");
        }
        flat[r * t + p] = id;
      }
    }
    if (targets != null && targets.length != b) {
      throw new IllegalArgumentException(
          "final-position pass: " + targets.length + " targets for " + b + " rows");
    }
    if (wantGradients && targets == null) {
      throw new IllegalArgumentException("final-position pass: gradients need target tokens");
    }
    synchronized (model) {
      try (NDManager m = model.manager().newSubManager()) {
        NDArray ids = NativeArrays.of(m, flat, new Shape(b, t));
        NDArray x0 =
            ids.getNDArrayInternal()
                .embedding(
                    ids, model.weights().get("model.embed_tokens.weight"), SparseFormat.DENSE)
                .singletonOrThrow();
        if (!wantGradients) {
          return outputs(m, x0, targets, wantHidden, null);
        }
        // The embeddings are a leaf (the weights do not require gradients), so their gradient is
        // d targetLogit / d x0; the one-hot gradient of token u at position p is that . E[u].
        x0.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          return outputs(m, x0, targets, wantHidden, gc);
        }
      }
    }
  }

  private Output outputs(
      NDManager m, NDArray x0, int[] targets, boolean wantHidden, GradientCollector gc) {
    NDArray hid = finalHidden(m, x0);
    NDArray logits = model.head(hid);
    int b = (int) hid.getShape().get(0);
    long[] am = logits.argMax(1).toLongArray();
    int[] argmax = new int[b];
    for (int r = 0; r < b; r++) {
      argmax[r] = (int) am[r];
    }
    float[] targetLogits = null;
    float[] grads = null;
    if (targets != null) {
      long[] tg = new long[b];
      for (int r = 0; r < b; r++) {
        tg[r] = targets[r];
      }
      NDArray chosen = logits.gather(NativeArrays.of(m, tg, new Shape(b, 1)), 1);
      targetLogits = chosen.toFloatArray();
      if (gc != null) {
        gc.backward(chosen.sum());
        grads = x0.getGradient().toFloatArray();
      }
    }
    return new Output(argmax, targetLogits, wantHidden ? hid.toFloatArray() : null, grads);
  }

  /** Final normed hidden state [B, hidden] at the last position of embeddings x [B, T, hidden]. */
  private NDArray finalHidden(NDManager m, NDArray x) {
    TransformerConfig c = model.config();
    int b = (int) x.getShape().get(0);
    int t = (int) x.getShape().get(1);
    int h = c.hiddenSize();
    int d = c.headDim();
    int kvh = c.numKeyValueHeads();
    int g = c.groupSize();
    int[] arange = new int[t];
    for (int i = 0; i < t; i++) {
      arange[i] = i;
    }
    NDArray[] cs = model.rope().tables(m, new int[][] {arange});
    NDArray cos = cs[0];
    NDArray sin = cs[1];
    NDArray rot = model.rotateHalf();
    NDArray scale = NativeArrays.scalar(m, 1 / Math.sqrt(d));
    NDArray mask = t > 1 ? model.causalMask(m, null, t, 0) : null;
    int layers = c.numHiddenLayers();
    for (int i = 0; i < layers; i++) {
      String p = "model.layers." + i + ".";
      boolean last = i == layers - 1;
      NDArray a = model.rmsNorm(x, p + "input_layernorm.weight");
      NDArray k = model.linear(a, p + "self_attn.k_proj").reshape(b, t, kvh, d);
      NDArray v = model.linear(a, p + "self_attn.v_proj").reshape(b, t, kvh, d);
      k = k.mul(cos).add(k.matMul(rot).mul(sin)).transpose(0, 2, 3, 1);
      v = v.transpose(0, 2, 1, 3);
      int tq = last ? 1 : t;
      NDArray aq = last ? a.get(":, -1:, :") : a;
      NDArray q = model.linear(aq, p + "self_attn.q_proj").reshape(b, tq, kvh * g, d);
      NDArray qc = last ? cos.get(":, -1:, :, :") : cos;
      NDArray qs = last ? sin.get(":, -1:, :, :") : sin;
      q = q.mul(qc).add(q.matMul(rot).mul(qs)).mul(scale);
      q = q.reshape(b, tq, kvh, g, d).transpose(0, 2, 3, 1, 4).reshape(b, kvh, g * tq, d);
      NDArray scores = q.matMul(k);
      // The last position sees every key, so only the earlier layers need the causal mask.
      if (!last && mask != null) {
        scores = scores.add(mask);
      }
      NDArray o = scores.softmax(-1).matMul(v);
      o = o.reshape(b, kvh, g, tq, d).transpose(0, 3, 1, 2, 4).reshape(b, tq, h);
      NDArray resid = last ? x.get(":, -1:, :") : x;
      x = resid.add(model.linear(o, p + "self_attn.o_proj"));
      NDArray n = model.rmsNorm(x, p + "post_attention_layernorm.weight");
      NDArray act =
          model
              .activation(model.linear(n, p + "mlp.gate_proj"))
              .mul(model.linear(n, p + "mlp.up_proj"));
      x = x.add(model.linear(act, p + "mlp.down_proj"));
    }
    return model.rmsNorm(x, "model.norm.weight").reshape(b, h);
  }
}
