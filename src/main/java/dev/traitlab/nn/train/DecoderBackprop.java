package dev.traitlab.nn.train;

import ai.djl.ndarray.NDArray;
import dev.traitlab.nn.Gelu;
import dev.traitlab.nn.mkl.EngineSwitch;
import dev.traitlab.nn.mkl.MklGemm;
import dev.traitlab.nn.mkl.MklMath;
import dev.traitlab.nn.mkl.RowWorkers;
import dev.traitlab.nn.transformer.TransformerConfig;
import dev.traitlab.nn.transformer.TransformerModel;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Full-parameter next-token training of a Llama/Qwen2 {@link TransformerModel} with a hand-written
 * forward pass, backward pass and AdamW step on Java float arrays, the matrix products in the MKL
 * that libtorch carries ({@link MklGemm}). It computes what the DJL path of {@link
 * TransformerTrainer} computes (the masked mean token cross-entropy of {@link
 * TransformerModel#loss}, its gradient, global-norm clipping and {@link AdamW}'s update, all in
 * float32), to float rounding: only the order of additions differs.
 *
 * <p>Why: with the same MKL kernels on both sides, DJL's per-op dispatch, autograd bookkeeping and
 * one pass over memory per elementwise op cost as much as a third of a step. Here q/k/v and gate/up
 * are one product each (their weights stacked), norms, rotary positions, softmax, activations and
 * the loss are loops over rows, and nothing is recorded but the activations the backward pass
 * reads.
 *
 * <p>The weights are copied out of the model when this is made, trained here, and written back by
 * {@link #writeBack()}; the optimiser's moments start at zero, as a fresh {@link AdamW} does.
 * Activations of one batch are held at once (about 12 floats per token per hidden unit per layer,
 * plus rows x heads x T^2 attention weights and the T x vocab logits): {@link #suits} keeps larger
 * runs on the DJL path.
 */
final class DecoderBackprop {
  /** System property: {@code djl} forces the DJL path of {@link TransformerTrainer}. */
  static final String PATH_PROPERTY = "traitlab.trainer";

  // Largest activation footprint (floats) handled here; larger batches keep the DJL path.
  private static final long MAX_ACTIVATION_FLOATS = 1L << 28;

  private final TransformerModel model;
  private final int h;
  private final int d;
  private final int heads;
  private final int kvHeads;
  private final int group;
  private final int kv;
  private final int qkvWidth;
  private final int inter;
  private final int vocab;
  private final float eps;
  private final boolean gelu;
  private final float[] inverseFrequency;
  private final double beta1 = 0.9;
  private final double beta2 = 0.999;
  private final double adamEps = 1e-8;
  private final double weightDecay;
  private final double gradClip;
  private final List<Param> params = new ArrayList<>();
  private final Layer[] layers;
  private final Param embed;
  private final Param finalNorm;
  private final Param head;
  private int steps;
  private Activations act;

  /** A trained tensor: one or more model weights stacked row-wise, with gradient and moments. */
  private static final class Param {
    final String[] names;
    final float[] w;
    final float[] g;
    final float[] m;
    final float[] v;
    final boolean decay;

    Param(String[] names, float[] w, boolean decay) {
      this.names = names;
      this.w = w;
      this.g = new float[w.length];
      this.m = new float[w.length];
      this.v = new float[w.length];
      this.decay = decay;
    }
  }

  private record Layer(
      Param inputNorm,
      Param qkv,
      Param qkvBias,
      Param out,
      Param outBias,
      Param postNorm,
      Param gateUp,
      Param down) {}

  /**
   * What the forward pass keeps for the backward pass: arrays sized for up to {@code tokens}
   * positions, {@code scores} attention scores per head (rows x length^2) and {@code square} scores
   * per row and head (length^2), used for the current batch's rows x length. Batches of another
   * shape reuse them when they fit (the trainer's batches vary in length from step to step): every
   * value read is written first in the same step.
   */
  private static final class Activations {
    final long tokens;
    final long scores;
    final long square;
    int rows;
    int length;
    final float[][] in;
    final float[][] normed;
    final float[][] rms1;
    final float[][] qkv;
    final float[][] probs;
    final float[][] attn;
    final float[][] mid;
    final float[][] normed2;
    final float[][] rms2;
    final float[][] gateUp;
    final float[][] product;
    // SiLU models: the gates' sigmoids, kept for the backward pass.
    final float[][] sigmoid;
    final float[] last;
    final float[] rmsLast;
    final float[] hidden;
    final float[] logits;
    // Backward scratch.
    final float[] dx;
    final float[] dTmp;
    final float[] dAttn;
    final float[] dProduct;
    final float[] dGateUp;
    final float[] dQkv;
    final float[][] dScores;

    Activations(DecoderBackprop p, long tokens, long scores, long square) {
      this.tokens = tokens;
      this.scores = scores;
      this.square = square;
      int n = Math.toIntExact(tokens);
      int layerCount = p.layers.length;
      in = new float[layerCount][n * p.h];
      normed = new float[layerCount][n * p.h];
      rms1 = new float[layerCount][n];
      qkv = new float[layerCount][n * p.qkvWidth];
      probs = new float[layerCount][Math.toIntExact(scores * p.heads)];
      attn = new float[layerCount][n * p.h];
      mid = new float[layerCount][n * p.h];
      normed2 = new float[layerCount][n * p.h];
      rms2 = new float[layerCount][n];
      gateUp = new float[layerCount][n * 2 * p.inter];
      product = new float[layerCount][n * p.inter];
      sigmoid = new float[layerCount][p.gelu ? 0 : n * p.inter];
      last = new float[n * p.h];
      rmsLast = new float[n];
      hidden = new float[n * p.h];
      logits = new float[n * p.vocab];
      dx = new float[n * p.h];
      dTmp = new float[n * p.h];
      dAttn = new float[n * p.h];
      dProduct = new float[n * p.inter];
      dGateUp = new float[n * 2 * p.inter];
      dQkv = new float[n * p.qkvWidth];
      dScores = new float[RowWorkers.THREADS][Math.toIntExact(square)];
    }

    boolean fits(int rows, int length) {
      long sq = (long) length * length;
      return (long) rows * length <= tokens && rows * sq <= scores && sq <= square;
    }
  }

  /**
   * Whether this path serves a run: MKL found, not switched off by {@code -Dtraitlab.trainer=djl},
   * full-parameter training (no LoRA, in the settings or on the model) with the plain token loss
   * (no soft targets, no hooks), and one batch's activations (at {@code batchSize} rows of {@code
   * maxLength} tokens) within {@link #MAX_ACTIVATION_FLOATS}.
   */
  static boolean suits(
      TransformerModel model,
      TrainingSettings s,
      boolean softTargets,
      boolean hooks,
      int batchSize,
      int maxLength) {
    if (!EngineSwitch.useMkl(PATH_PROPERTY)
        || softTargets
        || hooks
        || s.lora() != null
        || model.lora() != null) {
      return false;
    }
    long activations = activationFloats(model.config(), batchSize, Math.max(2, maxLength));
    return activations <= MAX_ACTIVATION_FLOATS
        && fitsInHeap(
            model.config().parameterCount(), activations, Runtime.getRuntime().maxMemory());
  }

  /**
   * Whether weights, gradients and both Adam moments (4 floats per parameter) and one batch's
   * activations take at most 3/4 of a heap of {@code maxHeapBytes}, leaving the rest to the caller;
   * a checkpoint that does not fit trains on the DJL path (native memory) instead.
   */
  static boolean fitsInHeap(long parameters, long activationFloats, long maxHeapBytes) {
    return 4 * (4 * parameters + activationFloats) <= maxHeapBytes / 4 * 3;
  }

  private static long activationFloats(TransformerConfig c, long rows, long length) {
    long n = rows * length;
    long h = c.hiddenSize();
    long perLayer =
        n * (7 * h + 2 + h + 2L * c.numKeyValueHeads() * c.headDim() + 4L * c.intermediateSize())
            + rows * c.numAttentionHeads() * length * length;
    return c.numHiddenLayers() * perLayer + n * (3 * h + c.vocabSize());
  }

  DecoderBackprop(TransformerModel model, double weightDecay, double gradClip) {
    this.model = model;
    TransformerConfig c = model.config();
    this.weightDecay = weightDecay;
    this.gradClip = gradClip;
    h = c.hiddenSize();
    d = c.headDim();
    heads = c.numAttentionHeads();
    kvHeads = c.numKeyValueHeads();
    group = c.groupSize();
    kv = kvHeads * d;
    qkvWidth = h + 2 * kv;
    inter = c.intermediateSize();
    vocab = c.vocabSize();
    eps = (float) c.rmsNormEps();
    gelu = TransformerConfig.GELU.equals(c.hiddenAct());
    inverseFrequency = new float[d / 2];
    for (int i = 0; i < d / 2; i++) {
      // As nn.transformer.Rope tabulates them.
      inverseFrequency[i] = (float) (1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / d));
    }
    embed = param("model.embed_tokens.weight");
    layers = new Layer[c.numHiddenLayers()];
    for (int i = 0; i < layers.length; i++) {
      String p = "model.layers." + i + ".";
      String attn = p + "self_attn.";
      layers[i] =
          new Layer(
              param(p + "input_layernorm.weight"),
              param(attn + "q_proj.weight", attn + "k_proj.weight", attn + "v_proj.weight"),
              c.attentionBias()
                  ? param(attn + "q_proj.bias", attn + "k_proj.bias", attn + "v_proj.bias")
                  : null,
              param(attn + "o_proj.weight"),
              c.outputBias() ? param(attn + "o_proj.bias") : null,
              param(p + "post_attention_layernorm.weight"),
              param(p + "mlp.gate_proj.weight", p + "mlp.up_proj.weight"),
              param(p + "mlp.down_proj.weight"));
    }
    finalNorm = param("model.norm.weight");
    head = c.tieWordEmbeddings() ? embed : param("lm_head.weight");
  }

  /** The named weights stacked row-wise; decayed when they are matrices (as {@link AdamW}). */
  private Param param(String... names) {
    int total = 0;
    boolean decay = false;
    for (String name : names) {
      NDArray a = weight(name);
      total += Math.toIntExact(a.size());
      decay = a.getShape().dimension() > 1;
    }
    float[] w = new float[total];
    int at = 0;
    for (String name : names) {
      float[] part = weight(name).toFloatArray();
      System.arraycopy(part, 0, w, at, part.length);
      at += part.length;
    }
    Param p = new Param(names, w, decay);
    params.add(p);
    return p;
  }

  private NDArray weight(String name) {
    NDArray a = model.weights().get(name);
    if (a == null) {
      throw new IllegalStateException("training: model has no weight " + name);
    }
    return a;
  }

  /** Copies the trained weights into the model's arrays (same names, shapes and order). */
  void writeBack() {
    for (Param p : params) {
      int at = 0;
      for (String name : p.names) {
        NDArray a = weight(name);
        int n = Math.toIntExact(a.size());
        float[] part = new float[n];
        System.arraycopy(p.w, at, part, 0, n);
        a.set(part);
        at += n;
      }
    }
  }

  /**
   * One training step on a right-padded batch (tokens and loss mask as {@link
   * TransformerModel#loss} takes them) at rate lr: loss, gradients, clipping, AdamW. A non-finite
   * loss or gradient norm skips the update (the weights and moments stay), as the DJL path does.
   * Returns the loss (mean cross-entropy over the target tokens, before the update).
   */
  StepResult step(int[][] tokens, boolean[][] mask, double lr) {
    double loss = lossAndGradients(tokens, mask);
    double sq = 0;
    for (Param p : params) {
      float[] g = p.g;
      double[] partial = new double[RowWorkers.THREADS];
      RowWorkers.split(
          g.length,
          (worker, from, to) -> {
            double s0 = 0;
            double s1 = 0;
            int i = from;
            for (; i + 1 < to; i += 2) {
              s0 += g[i] * g[i];
              s1 += g[i + 1] * g[i + 1];
            }
            for (; i < to; i++) {
              s0 += g[i] * g[i];
            }
            partial[worker] = s0 + s1;
          });
      for (double s : partial) {
        sq += s;
      }
    }
    double norm = Math.sqrt(sq);
    if (!Double.isFinite(norm) || !Double.isFinite(loss)) {
      return new StepResult(loss, false);
    }
    double scale = gradClip > 0 && norm > gradClip ? gradClip / (norm + 1e-6) : 1.0;
    adamW(lr, scale);
    return new StepResult(loss, true);
  }

  /** A step's loss and whether the weights changed. */
  record StepResult(double loss, boolean updated) {}

  /** The gradients of the last {@link #lossAndGradients} call, by the model's weight names. */
  Map<String, float[]> gradients() {
    return byName(p -> p.g);
  }

  /** {@link #lossAndGradients}, then {@link #gradients}. */
  Map<String, float[]> gradientsOf(int[][] tokens, boolean[][] mask) {
    lossAndGradients(tokens, mask);
    return gradients();
  }

  /** The current (trained) weights by the model's names, as {@link #writeBack} would set them. */
  Map<String, float[]> weights() {
    return byName(p -> p.w);
  }

  /** One of every parameter's stacked arrays, split back into the model's weights by name. */
  private Map<String, float[]> byName(Function<Param, float[]> part) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Param p : params) {
      float[] stacked = part.apply(p);
      int at = 0;
      for (String name : p.names) {
        int n = Math.toIntExact(weight(name).size());
        out.put(name, Arrays.copyOfRange(stacked, at, at + n));
        at += n;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- AdamW

  /** {@link AdamW#step}'s update: decay w -= lr wd w, then the bias-corrected Adam step. */
  private void adamW(double lr, double gradScale) {
    steps++;
    double c1 = 1 - Math.pow(beta1, steps);
    double c2 = Math.sqrt(1 - Math.pow(beta2, steps));
    float alpha = (float) (lr * c2 / c1);
    float epsHat = (float) (adamEps * c2);
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float s = (float) gradScale;
    for (Param p : params) {
      float keep = p.decay ? (float) (1 - lr * weightDecay) : 1f;
      float[] w = p.w;
      float[] g = p.g;
      float[] m = p.m;
      float[] v = p.v;
      RowWorkers.split(
          w.length,
          (worker, from, to) -> {
            for (int i = from; i < to; i++) {
              float gi = g[i] * s;
              float mi = b1 * m[i] + (1 - b1) * gi;
              float vi = b2 * v[i] + (1 - b2) * gi * gi;
              m[i] = mi;
              v[i] = vi;
              w[i] = w[i] * keep - alpha * mi / ((float) Math.sqrt(vi) + epsHat);
            }
          });
    }
  }

  // ---------------------------------------------------------------- forward and backward

  /**
   * The mean next-token cross-entropy of the batch over its target tokens ({@code mask[r][i]}:
   * token i is a target; entry 0 never is), leaving d loss / d weight in every parameter's
   * gradient.
   *
   * @throws IllegalArgumentException when no token is a target or the rows are ragged
   */
  double lossAndGradients(int[][] tokens, boolean[][] mask) {
    int rows = tokens.length;
    int t = tokens[0].length;
    int count = 0;
    for (int r = 0; r < rows; r++) {
      if (tokens[r].length != t || mask[r].length != t) {
        throw new IllegalArgumentException("training batch: row " + r + " is not " + t + " long");
      }
      for (int p = 1; p < t; p++) {
        count += mask[r][p] ? 1 : 0;
      }
    }
    if (count == 0) {
      throw new IllegalArgumentException("batch has no target tokens (loss mask all false)");
    }
    if (act == null || !act.fits(rows, t)) {
      long sq = (long) t * t;
      long positions = (long) rows * t;
      long scores = rows * sq;
      if (act != null) {
        positions = Math.max(positions, act.tokens);
        scores = Math.max(scores, act.scores);
        sq = Math.max(sq, act.square);
      }
      act = null; // let the old buffers go before the new ones are made
      act = new Activations(this, positions, scores, sq);
    }
    act.rows = rows;
    act.length = t;
    double loss = forward(tokens, mask, count);
    backward(tokens);
    return loss;
  }

  private double forward(int[][] tokens, boolean[][] mask, int count) {
    Activations s = act;
    int rows = s.rows;
    int t = s.length;
    int n = rows * t;
    float[] x0 = s.in[0];
    for (int r = 0; r < rows; r++) {
      for (int p = 0; p < t; p++) {
        System.arraycopy(embed.w, tokens[r][p] * h, x0, (r * t + p) * h, h);
      }
    }
    float[][] rope = ropeTables(t);
    for (int li = 0; li < layers.length; li++) {
      Layer l = layers[li];
      float[] x = s.in[li];
      rmsNorm(x, l.inputNorm.w, s.normed[li], s.rms1[li], n);
      float[] qkv = s.qkv[li];
      gemm(false, true, n, qkvWidth, h, 1, s.normed[li], 0, h, l.qkv.w, 0, h, 0, qkv, 0, qkvWidth);
      if (l.qkvBias != null) {
        addRowBias(qkv, l.qkvBias.w, n, qkvWidth);
      }
      rotate(qkv, n, t, rope, false);
      attentionForward(li);
      float[] mid = s.mid[li];
      gemm(false, true, n, h, h, 1, s.attn[li], 0, h, l.out.w, 0, h, 0, mid, 0, h);
      if (l.outBias != null) {
        addRowBias(mid, l.outBias.w, n, h);
      }
      add(mid, x, n * h);
      rmsNorm(mid, l.postNorm.w, s.normed2[li], s.rms2[li], n);
      float[] gu = s.gateUp[li];
      gemm(
          false,
          true,
          n,
          2 * inter,
          h,
          1,
          s.normed2[li],
          0,
          h,
          l.gateUp.w,
          0,
          h,
          0,
          gu,
          0,
          2 * inter);
      activate(gu, s.product[li], s.sigmoid[li], n);
      float[] next = li + 1 < layers.length ? s.in[li + 1] : s.last;
      gemm(false, true, n, h, inter, 1, s.product[li], 0, inter, l.down.w, 0, inter, 0, next, 0, h);
      add(next, mid, n * h);
    }
    rmsNorm(s.last, finalNorm.w, s.hidden, s.rmsLast, n);
    float[] logits = s.logits;
    gemm(false, true, n, vocab, h, 1, s.hidden, 0, h, head.w, 0, h, 0, logits, 0, vocab);
    // Cross-entropy and its gradient, in place: row (r, p) predicts token p + 1.
    double[] partial = new double[RowWorkers.THREADS];
    float inv = 1f / count;
    RowWorkers.split(
        n,
        (worker, from, to) -> {
          double sumLoss = 0;
          for (int row = from; row < to; row++) {
            int r = row / t;
            int p = row % t;
            int base = row * vocab;
            if (p + 1 >= t || !mask[r][p + 1]) {
              Arrays.fill(logits, base, base + vocab, 0f);
              continue;
            }
            int target = tokens[r][p + 1];
            float max = max(logits, base, vocab);
            float targetLogit = logits[base + target];
            for (int j = 0; j < vocab; j++) {
              logits[base + j] -= max;
            }
            MklMath.expInPlace(logits, base, vocab);
            double sum = sum(logits, base, vocab);
            sumLoss += max + Math.log(sum) - targetLogit;
            float scale = (float) (inv / sum);
            for (int j = 0; j < vocab; j++) {
              logits[base + j] *= scale;
            }
            logits[base + target] -= inv;
          }
          partial[worker] = sumLoss;
        });
    double loss = 0;
    for (double l : partial) {
      loss += l;
    }
    return loss / count;
  }

  private void backward(int[][] tokens) {
    Activations s = act;
    int rows = s.rows;
    int t = s.length;
    int n = rows * t;
    float[] dLogits = s.logits;
    float[] dx = s.dx;
    float[] dTmp = s.dTmp;
    // Head: tied, its gradient lands in the embedding's (the lookup's part is added at the end).
    gemm(true, false, vocab, h, n, 1, dLogits, 0, vocab, s.hidden, 0, h, 0, head.g, 0, h);
    if (head != embed) {
      Arrays.fill(embed.g, 0f);
    }
    gemm(false, false, n, h, vocab, 1, dLogits, 0, vocab, head.w, 0, h, 0, dTmp, 0, h);
    rmsNormBackward(dTmp, s.last, s.rmsLast, finalNorm, dx, n, false);
    float[][] rope = ropeTables(t);
    for (int li = layers.length - 1; li >= 0; li--) {
      Layer l = layers[li];
      // MLP: next = mid + down(act(gate) * up).
      gemm(false, false, n, inter, h, 1, dx, 0, h, l.down.w, 0, inter, 0, s.dProduct, 0, inter);
      gemm(true, false, h, inter, n, 1, dx, 0, h, s.product[li], 0, inter, 0, l.down.g, 0, inter);
      activateBackward(s.gateUp[li], s.sigmoid[li], s.dProduct, s.dGateUp, n);
      gemm(
          true,
          false,
          2 * inter,
          h,
          n,
          1,
          s.dGateUp,
          0,
          2 * inter,
          s.normed2[li],
          0,
          h,
          0,
          l.gateUp.g,
          0,
          h);
      gemm(
          false,
          false,
          n,
          h,
          2 * inter,
          1,
          s.dGateUp,
          0,
          2 * inter,
          l.gateUp.w,
          0,
          h,
          0,
          dTmp,
          0,
          h);
      rmsNormBackward(dTmp, s.mid[li], s.rms2[li], l.postNorm, dx, n, true);
      // Attention: mid = in + o_proj(attn).
      if (l.outBias != null) {
        columnSums(dx, n, h, l.outBias.g);
      }
      gemm(true, false, h, h, n, 1, dx, 0, h, s.attn[li], 0, h, 0, l.out.g, 0, h);
      gemm(false, false, n, h, h, 1, dx, 0, h, l.out.w, 0, h, 0, s.dAttn, 0, h);
      attentionBackward(li);
      rotate(s.dQkv, n, t, rope, true);
      if (l.qkvBias != null) {
        columnSums(s.dQkv, n, qkvWidth, l.qkvBias.g);
      }
      gemm(
          true,
          false,
          qkvWidth,
          h,
          n,
          1,
          s.dQkv,
          0,
          qkvWidth,
          s.normed[li],
          0,
          h,
          0,
          l.qkv.g,
          0,
          h);
      gemm(false, false, n, h, qkvWidth, 1, s.dQkv, 0, qkvWidth, l.qkv.w, 0, h, 0, dTmp, 0, h);
      rmsNormBackward(dTmp, s.in[li], s.rms1[li], l.inputNorm, dx, n, true);
    }
    for (int r = 0; r < rows; r++) {
      for (int p = 0; p < t; p++) {
        int src = (r * t + p) * h;
        int dst = tokens[r][p] * h;
        for (int i = 0; i < h; i++) {
          embed.g[dst + i] += dx[src + i];
        }
      }
    }
  }

  // ---------------------------------------------------------------- attention

  /**
   * Causal attention of every row and query head over the keys of its key/value head (head j uses j
   * / group, as transformers' repeat_kv), from the q/k/v columns of the layer's stacked projection:
   * scores and weighted values are MKL products on strided views, the softmax a loop.
   */
  private void attentionForward(int li) {
    Activations s = act;
    int t = s.length;
    float[] qkv = s.qkv[li];
    float[] probs = s.probs[li];
    float[] out = s.attn[li];
    float scale = (float) (1 / Math.sqrt(d));
    int blocks = queryBlocks(t);
    RowWorkers.split(
        s.rows * heads,
        (worker, from, to) -> {
          for (int index = from; index < to; index++) {
            int r = index / heads;
            int hq = index % heads;
            int rowBase = r * t * qkvWidth;
            int kvh = hq / group;
            int qOff = rowBase + hq * d;
            int kOff = rowBase + h + kvh * d;
            int vOff = rowBase + h + kv + kvh * d;
            int pOff = (r * heads + hq) * t * t;
            for (int b = 0; b < blocks; b++) {
              int i0 = t * b / blocks;
              int i1 = t * (b + 1) / blocks;
              gemm(
                  false,
                  true,
                  i1 - i0,
                  i1,
                  d,
                  scale,
                  qkv,
                  qOff + i0 * qkvWidth,
                  qkvWidth,
                  qkv,
                  kOff,
                  qkvWidth,
                  0,
                  probs,
                  pOff + i0 * t,
                  t);
            }
            for (int i = 0; i < t; i++) {
              int row = pOff + i * t;
              float max = Float.NEGATIVE_INFINITY;
              for (int j = 0; j <= i; j++) {
                max = Math.max(max, probs[row + j]);
              }
              for (int j = 0; j <= i; j++) {
                probs[row + j] -= max;
              }
              Arrays.fill(probs, row + i + 1, row + t, Float.NEGATIVE_INFINITY);
            }
            MklMath.expInPlace(probs, pOff, t * t);
            for (int i = 0; i < t; i++) {
              int row = pOff + i * t;
              float sum = 0;
              for (int j = 0; j <= i; j++) {
                sum += probs[row + j];
              }
              float inv = 1 / sum;
              for (int j = 0; j <= i; j++) {
                probs[row + j] *= inv;
              }
            }
            for (int b = 0; b < blocks; b++) {
              int i0 = t * b / blocks;
              int i1 = t * (b + 1) / blocks;
              gemm(
                  false,
                  false,
                  i1 - i0,
                  d,
                  i1,
                  1,
                  probs,
                  pOff + i0 * t,
                  t,
                  qkv,
                  vOff,
                  qkvWidth,
                  0,
                  out,
                  r * t * h + hq * d + i0 * h,
                  h);
            }
          }
        });
  }

  /**
   * d loss / d (rotated q, rotated k, v) into {@code dQkv} from d loss / d attention output in
   * {@code dAttn}: the query heads of one key/value head add into its key and value gradients.
   */
  private void attentionBackward(int li) {
    Activations s = act;
    int t = s.length;
    float[] qkv = s.qkv[li];
    float[] probs = s.probs[li];
    float[] dOut = s.dAttn;
    float[] dQkv = s.dQkv;
    float scale = (float) (1 / Math.sqrt(d));
    int blocks = queryBlocks(t);
    RowWorkers.split(
        s.rows * kvHeads,
        (worker, from, to) -> {
          float[] dS = s.dScores[worker];
          for (int index = from; index < to; index++) {
            int r = index / kvHeads;
            int kvh = index % kvHeads;
            int rowBase = r * t * qkvWidth;
            int kOff = rowBase + h + kvh * d;
            int vOff = rowBase + h + kv + kvh * d;
            for (int j0 = 0; j0 < group; j0++) {
              int hq = kvh * group + j0;
              int qOff = rowBase + hq * d;
              int pOff = (r * heads + hq) * t * t;
              int oOff = r * t * h + hq * d;
              // The first query head of a group overwrites its key/value gradients, the rest add.
              float beta = j0 == 0 ? 0 : 1;
              for (int b = 0; b < blocks; b++) {
                int i0 = t * b / blocks;
                int i1 = t * (b + 1) / blocks;
                gemm(
                    false,
                    true,
                    i1 - i0,
                    i1,
                    d,
                    1,
                    dOut,
                    oOff + i0 * h,
                    h,
                    qkv,
                    vOff,
                    qkvWidth,
                    0,
                    dS,
                    i0 * t,
                    t);
              }
              // Key/value rows [0, i1) get the block's share; the last block, which reaches every
              // key, goes first so that it can overwrite.
              for (int b = blocks - 1; b >= 0; b--) {
                int i0 = t * b / blocks;
                int i1 = t * (b + 1) / blocks;
                gemm(
                    true,
                    false,
                    i1,
                    d,
                    i1 - i0,
                    1,
                    probs,
                    pOff + i0 * t,
                    t,
                    dOut,
                    oOff + i0 * h,
                    h,
                    b == blocks - 1 ? beta : 1,
                    dQkv,
                    vOff,
                    qkvWidth);
              }
              for (int i = 0; i < t; i++) {
                int row = i * t;
                int prow = pOff + i * t;
                float dot = 0;
                for (int j = 0; j <= i; j++) {
                  dot += probs[prow + j] * dS[row + j];
                }
                for (int j = 0; j <= i; j++) {
                  dS[row + j] = probs[prow + j] * (dS[row + j] - dot);
                }
                Arrays.fill(dS, row + i + 1, row + t, 0f);
              }
              for (int b = 0; b < blocks; b++) {
                int i0 = t * b / blocks;
                int i1 = t * (b + 1) / blocks;
                gemm(
                    false,
                    false,
                    i1 - i0,
                    d,
                    i1,
                    scale,
                    dS,
                    i0 * t,
                    t,
                    qkv,
                    kOff,
                    qkvWidth,
                    0,
                    dQkv,
                    qOff + i0 * qkvWidth,
                    qkvWidth);
              }
              for (int b = blocks - 1; b >= 0; b--) {
                int i0 = t * b / blocks;
                int i1 = t * (b + 1) / blocks;
                gemm(
                    true,
                    false,
                    i1,
                    d,
                    i1 - i0,
                    scale,
                    dS,
                    i0 * t,
                    t,
                    qkv,
                    qOff + i0 * qkvWidth,
                    qkvWidth,
                    b == blocks - 1 ? beta : 1,
                    dQkv,
                    kOff,
                    qkvWidth);
              }
            }
          }
        });
  }

  /**
   * Query rows per head are taken in this many bands, band b multiplying only keys below its last
   * row (above the causal diagonal every weight is 0): at 4 bands 5/8 of the full products.
   */
  private static int queryBlocks(int t) {
    return t >= 64 ? 4 : 1;
  }

  /** cos and sin [position][i] of positions 0..t-1, as nn.transformer.Rope tabulates them. */
  private float[][] ropeTables(int t) {
    int half = d / 2;
    float[] cos = new float[t * half];
    float[] sin = new float[t * half];
    for (int p = 0; p < t; p++) {
      for (int i = 0; i < half; i++) {
        float angle = p * inverseFrequency[i];
        cos[p * half + i] = (float) Math.cos(angle);
        sin[p * half + i] = (float) Math.sin(angle);
      }
    }
    return new float[][] {cos, sin};
  }

  /**
   * Rotary positions (HF rotate_half layout) on the q and k columns of [n, qkvWidth] rows at
   * position row % t; with {@code inverse}, the transposed rotation (the backward pass).
   */
  private void rotate(float[] qkv, int n, int t, float[][] tables, boolean inverse) {
    float[] cos = tables[0];
    float[] sin = tables[1];
    RowWorkers.split(n, (worker, from, to) -> rotateRows(qkv, t, cos, sin, inverse, from, to));
  }

  private void rotateRows(
      float[] qkv, int t, float[] cos, float[] sin, boolean inverse, int from, int to) {
    int half = d / 2;
    int rotated = heads + kvHeads;
    for (int row = from; row < to; row++) {
      int tb = (row % t) * half;
      for (int hd = 0; hd < rotated; hd++) {
        int base = row * qkvWidth + hd * d;
        for (int i = 0; i < half; i++) {
          float c = cos[tb + i];
          float sn = inverse ? -sin[tb + i] : sin[tb + i];
          float x1 = qkv[base + i];
          float x2 = qkv[base + i + half];
          qkv[base + i] = x1 * c - x2 * sn;
          qkv[base + i + half] = x2 * c + x1 * sn;
        }
      }
    }
  }

  // ---------------------------------------------------------------- elementwise pieces

  /** out = x / rms(x) * w per row, rms(x) = sqrt(mean(x^2) + eps) saved per row. */
  private void rmsNorm(float[] x, float[] w, float[] out, float[] rms, int n) {
    RowWorkers.split(n, (worker, from, to) -> rmsNormRows(x, w, out, rms, from, to));
  }

  private void rmsNormRows(float[] x, float[] w, float[] out, float[] rms, int from, int to) {
    for (int r = from; r < to; r++) {
      int base = r * h;
      float sum = 0;
      for (int i = 0; i < h; i++) {
        float v = x[base + i];
        sum += v * v;
      }
      float rr = (float) Math.sqrt(sum / h + eps);
      rms[r] = rr;
      for (int i = 0; i < h; i++) {
        out[base + i] = x[base + i] / rr * w[i];
      }
    }
  }

  /**
   * Backward of {@link #rmsNorm}: from dy, d loss / d x into dx (added when {@code accumulate},
   * else stored) and d loss / d w into the norm's gradient.
   */
  private void rmsNormBackward(
      float[] dy, float[] x, float[] rms, Param norm, float[] dx, int n, boolean accumulate) {
    float[] w = norm.w;
    double[][] dws = new double[RowWorkers.THREADS][h];
    RowWorkers.split(
        n,
        (worker, from, to) -> {
          double[] dw = dws[worker];
          for (int r = from; r < to; r++) {
            int base = r * h;
            float inv = 1 / rms[r];
            float dot = 0;
            for (int i = 0; i < h; i++) {
              float gy = dy[base + i];
              float xi = x[base + i];
              dot += gy * w[i] * xi;
              dw[i] += gy * xi * inv;
            }
            float k = dot * inv * inv * inv / h;
            for (int i = 0; i < h; i++) {
              float gx = dy[base + i] * w[i] * inv - x[base + i] * k;
              dx[base + i] = accumulate ? dx[base + i] + gx : gx;
            }
          }
        });
    for (int i = 0; i < h; i++) {
      double sum = 0;
      for (double[] dw : dws) {
        sum += dw[i];
      }
      norm.g[i] = (float) sum;
    }
  }

  /** product[n, inter] = act(gate) * up from the stacked [n, 2 inter] gate/up projection. */
  private void activate(float[] gateUp, float[] product, float[] sigmoid, int n) {
    RowWorkers.split(n, (worker, from, to) -> activateRows(gateUp, product, sigmoid, from, to));
  }

  private void activateRows(float[] gateUp, float[] product, float[] sigmoid, int from, int to) {
    int w = 2 * inter;
    if (gelu) {
      for (int r = from; r < to; r++) {
        for (int i = 0; i < inter; i++) {
          float z = gateUp[r * w + i];
          product[r * inter + i] = (float) Gelu.value(z) * gateUp[r * w + inter + i];
        }
      }
      return;
    }
    for (int r = from; r < to; r++) {
      for (int i = 0; i < inter; i++) {
        sigmoid[r * inter + i] = -gateUp[r * w + i];
      }
    }
    MklMath.expInPlace(sigmoid, from * inter, (to - from) * inter);
    for (int r = from; r < to; r++) {
      for (int i = 0; i < inter; i++) {
        float z = gateUp[r * w + i];
        float sig = 1 / (1 + sigmoid[r * inter + i]);
        sigmoid[r * inter + i] = sig;
        // SiLU z * sigmoid(z), as the DJL path's gate.mul(sigmoid(gate)).
        product[r * inter + i] = z * sig * gateUp[r * w + inter + i];
      }
    }
  }

  /** d loss / d [gate, up] from d loss / d product (SiLU: the forward pass's sigmoids). */
  private void activateBackward(
      float[] gateUp, float[] sigmoid, float[] dProduct, float[] dGateUp, int n) {
    RowWorkers.split(
        n,
        (worker, from, to) -> activateBackwardRows(gateUp, sigmoid, dProduct, dGateUp, from, to));
  }

  private void activateBackwardRows(
      float[] gateUp, float[] sigmoid, float[] dProduct, float[] dGateUp, int from, int to) {
    int w = 2 * inter;
    if (gelu) {
      for (int r = from; r < to; r++) {
        for (int i = 0; i < inter; i++) {
          float z = gateUp[r * w + i];
          float up = gateUp[r * w + inter + i];
          float dp = dProduct[r * inter + i];
          dGateUp[r * w + i] = (float) (dp * up * Gelu.derivative(z));
          dGateUp[r * w + inter + i] = (float) (dp * Gelu.value(z));
        }
      }
      return;
    }
    for (int r = from; r < to; r++) {
      for (int i = 0; i < inter; i++) {
        float z = gateUp[r * w + i];
        float up = gateUp[r * w + inter + i];
        float dp = dProduct[r * inter + i];
        float sig = sigmoid[r * inter + i];
        float silu = z * sig;
        dGateUp[r * w + i] = dp * up * (sig + silu * (1 - sig));
        dGateUp[r * w + inter + i] = dp * silu;
      }
    }
  }

  /** The largest of a[from, from + n), n > 0, with four running maxima. */
  private static float max(float[] a, int from, int n) {
    float m0 = Float.NEGATIVE_INFINITY;
    float m1 = m0;
    float m2 = m0;
    float m3 = m0;
    int i = from;
    int end = from + n;
    for (; i + 3 < end; i += 4) {
      m0 = Math.max(m0, a[i]);
      m1 = Math.max(m1, a[i + 1]);
      m2 = Math.max(m2, a[i + 2]);
      m3 = Math.max(m3, a[i + 3]);
    }
    for (; i < end; i++) {
      m0 = Math.max(m0, a[i]);
    }
    return Math.max(Math.max(m0, m1), Math.max(m2, m3));
  }

  /** The sum of a[from, from + n) in double, four partial sums (independent chains). */
  private static double sum(float[] a, int from, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = from;
    int end = from + n;
    for (; i + 3 < end; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (; i < end; i++) {
      s0 += a[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static void addRowBias(float[] y, float[] bias, int n, int width) {
    for (int r = 0; r < n; r++) {
      int base = r * width;
      for (int i = 0; i < width; i++) {
        y[base + i] += bias[i];
      }
    }
  }

  private static void columnSums(float[] y, int n, int width, float[] out) {
    double[] sum = new double[width];
    for (int r = 0; r < n; r++) {
      int base = r * width;
      for (int i = 0; i < width; i++) {
        sum[i] += y[base + i];
      }
    }
    for (int i = 0; i < width; i++) {
      out[i] = (float) sum[i];
    }
  }

  private static void add(float[] y, float[] x, int n) {
    for (int i = 0; i < n; i++) {
      y[i] += x[i];
    }
  }

  // Products with a dimension this thin go through 64-byte aligned copies (see gemm).
  private static final int THIN = 16;
  private static final ThreadLocal<MemorySegment[]> STAGING =
      ThreadLocal.withInitial(() -> new MemorySegment[3]);
  // Per thread, the 64-byte aligned segment (at most 4 MB) a large product's share writes, a block
  // of rows at a time, before they are copied into the Java array (see gemm); products whose
  // blocks would be under MIN_BLOCK_ROWS rows write into the array directly.
  private static final ThreadLocal<MemorySegment[]> OUTPUT_STAGING =
      ThreadLocal.withInitial(() -> new MemorySegment[1]);
  private static final long OUTPUT_STAGING_FLOATS = 1 << 20;
  private static final int MIN_BLOCK_ROWS = 32;
  // The staging pays on MKL's generic path (AMD EPYC Zen 3, two threads, the bench's forward
  // products: 87-95 GFLOP/s staged against 68-86 direct). On its AVX2 path, which ./traitlab has
  // MKL take on AMD processors (scripts/env.sh), the output's alignment does not slow MKL down and
  // the copies do: 120-129 staged against 143-144 direct; other paths (AVX-512) were not
  // measured and keep the staging. Both paths gave the same bits at every output and input offset
  // tried, so a seeded run repeats to the bit. On the AVX2 path a band's last rows are summed in
  // another order when the band is cut elsewhere: there the bits depend on how many threads split
  // the product (RowWorkers.THREADS), as they do not on the generic path.
  static final boolean STAGE_OUTPUTS = !"AVX2".equals(MklGemm.codePath());

  /**
   * {@link MklGemm#gemm} on Java arrays at float offsets. MKL's kernels for thin products (a
   * dimension of 8 or less, in a sweep of shapes 2..200 on this machine) give bits that depend on
   * where the operands start, and a Java array's address is not ours to fix: such products run on
   * aligned copies so that a seed gives the same weights every run. Products with every dimension
   * 16 or more (all of them at the bench's sizes) gave the same bits at every offset tried.
   */
  static void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc) {
    if (Math.min(m, Math.min(n, k)) < THIN) {
      MemorySegment[] stage = STAGING.get();
      int aLen = ((transA ? k : m) - 1) * lda + (transA ? m : k);
      int bLen = ((transB ? n : k) - 1) * ldb + (transB ? k : n);
      int cLen = (m - 1) * ldc + n;
      MemorySegment sa = staged(stage, 0, a, aOff, aLen);
      MemorySegment sb = staged(stage, 1, b, bOff, bLen);
      MemorySegment sc = staged(stage, 2, c, cOff, cLen);
      MklGemm.gemm(transA, transB, m, n, k, alpha, sa, lda, sb, ldb, beta, sc, ldc);
      writeBlock(sc, ldc, m, n, c, cOff, ldc);
      return;
    }
    if (RowWorkers.THREADS > 1 && m >= 64 && (long) m * n * k >= 1L << 22) {
      // Each of our threads takes a band of c's rows with single-threaded MKL: no OpenMP team to
      // wake or spin between the products and the loops around them. Each band is written to a
      // 64-byte aligned segment, a block of rows at a time, then copied into c: MKL writes an
      // output that starts off a cache line far more slowly (one thread, [2048, 256] x [256,
      // 1408]^T: 77 GFLOP/s aligned, 49 at +16 bytes; the inputs' alignment made no difference),
      // and a Java array's data can start anywhere on an 8-byte boundary. On the bench's training
      // step (AMD EPYC Zen 3) the products went from 603 to 461 ms a step, copies included.
      RowWorkers.split(
          m,
          (worker, from, to) -> {
            long fit = OUTPUT_STAGING_FLOATS / n;
            if (!STAGE_OUTPUTS || fit < MIN_BLOCK_ROWS) {
              // Not staged (see STAGE_OUTPUTS), or rows so long (a vocabulary of tens of thousands)
              // that blocks would be a few rows each, and MKL repacks the weight for every call:
              // straight into c.
              MklGemm.gemm(
                  transA,
                  transB,
                  to - from,
                  n,
                  k,
                  alpha,
                  at(a, aOff + (transA ? from : from * lda)),
                  lda,
                  at(b, bOff),
                  ldb,
                  beta,
                  at(c, cOff + from * ldc),
                  ldc);
              return;
            }
            // Blocks of equal size (to a row), never a thin remainder: MKL's bits for a product
            // of a few rows can depend on where its operands lie, and the inputs are Java arrays.
            int band = to - from;
            int blocks = (int) ((band + fit - 1) / fit);
            MemorySegment out = room(OUTPUT_STAGING.get(), 0, (band + blocks - 1) / blocks * n);
            for (int block = 0; block < blocks; block++) {
              int first = from + (int) ((long) band * block / blocks);
              int rows = from + (int) ((long) band * (block + 1) / blocks) - first;
              if (beta != 0) {
                readBlock(c, cOff + first * ldc, ldc, rows, n, out);
              }
              MklGemm.gemm(
                  transA,
                  transB,
                  rows,
                  n,
                  k,
                  alpha,
                  at(a, aOff + (transA ? first : first * lda)),
                  lda,
                  at(b, bOff),
                  ldb,
                  beta,
                  out,
                  n);
              writeBlock(out, n, rows, n, c, cOff + first * ldc, ldc);
            }
          });
      return;
    }
    MklGemm.gemm(
        transA, transB, m, n, k, alpha, at(a, aOff), lda, at(b, bOff), ldb, beta, at(c, cOff), ldc);
  }

  /**
   * The rows x n block of s (row stride sStride floats) into c from cOff (row stride ldc). Row by
   * row unless both are dense: the stretch between c's rows may belong to another thread's product
   * (the attention heads' columns of one output), so only the block is written.
   */
  private static void writeBlock(
      MemorySegment s, long sStride, int rows, int n, float[] c, int cOff, int ldc) {
    if (sStride == n && ldc == n) {
      MemorySegment.copy(s, ValueLayout.JAVA_FLOAT, 0, c, cOff, rows * n);
      return;
    }
    for (int r = 0; r < rows; r++) {
      MemorySegment.copy(s, ValueLayout.JAVA_FLOAT, 4L * r * sStride, c, cOff + r * ldc, n);
    }
  }

  /** The rows x n block of c from cOff (row stride ldc) into s, dense (row stride n). */
  private static void readBlock(float[] c, int cOff, int ldc, int rows, int n, MemorySegment s) {
    for (int r = 0; r < rows; r++) {
      MemorySegment.copy(c, cOff + r * ldc, s, ValueLayout.JAVA_FLOAT, 4L * r * n, n);
    }
  }

  /** a[offset, offset + n) copied into this thread's aligned staging segment {@code slot}. */
  private static MemorySegment staged(
      MemorySegment[] stage, int slot, float[] a, int offset, int n) {
    MemorySegment s = room(stage, slot, n);
    MemorySegment.copy(a, offset, s, ValueLayout.JAVA_FLOAT, 0, n);
    return s;
  }

  /** This thread's aligned staging segment {@code slot}, grown to hold at least n floats. */
  private static MemorySegment room(MemorySegment[] stage, int slot, long n) {
    if (stage[slot] == null || stage[slot].byteSize() < 4L * n) {
      stage[slot] = Arena.ofAuto().allocate(Math.max(4L * n, 1 << 12), 64);
    }
    return stage[slot];
  }

  private static MemorySegment at(float[] a, int offset) {
    return MemorySegment.ofArray(a).asSlice(4L * offset);
  }
}
