package dev.traitlab.nn.transformer;

import ai.djl.ndarray.NDArray;
import dev.traitlab.nn.mkl.EngineSwitch;
import dev.traitlab.nn.mkl.MklGemm;
import dev.traitlab.nn.mkl.MklMath;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;

/**
 * One-token decoding steps for a whole batch, computed in Java arrays with the linear layers in MKL
 * ({@link MklGemm}), in float32 like the DJL path.
 *
 * <p>Sampling spends most of a step on the per-op overhead of about 40 small tensor ops per layer,
 * not on arithmetic (a 4M-parameter model at batch 8 does 64 MFLOP a step). Here a step is one BLAS
 * call per linear layer plus plain loops for the norms, rotary positions, attention over the cache
 * and the MLP's activation, so its time is close to its arithmetic. It computes what {@link
 * TransformerModel#hidden} and {@link TransformerModel#head} compute for one new token per row
 * (RMSNorm, Llama/Qwen2 attention with grouped key/value heads and rotary positions, SiLU or exact
 * GELU gated MLP, biases where the config has them), to float32 rounding: results differ from the
 * DJL path only in the order of additions.
 *
 * <p>The prompt is encoded here too ({@link #prefill}: products of rows x prompt-length rows on
 * aligned copies of the model's weights), so a whole {@code generate} call runs without per-op
 * dispatch. Weights are copied (packed) out of the model when the decoder is made (off-heap, freed
 * by {@link #close}), so a decoder serves one {@code generate} call. Not used with activation hooks
 * or unmerged LoRA adapters, nor for models or batches too large to copy (the DJL path serves
 * those).
 */
final class StepDecoder implements AutoCloseable {
  private final TransformerConfig c;
  private final int rows;
  private final int capacity;
  private final int h;
  private final int d;
  private final int kvh;
  private final int g;
  private final int inter;
  private final int vocab;
  private final float eps;
  private final float[] inverseFrequency;
  private final Layer[] layers;
  private final float[] embed;
  private final float[] finalNorm;
  private final MemorySegment head;
  // Off-heap, 64-byte aligned: the weights and the products' inputs and outputs, so that every
  // call sees the same alignment and gives the same bits.
  private final Arena arena = Arena.ofConfined();
  // Weights packed once by MKL for products with `rows` rows (where MKL has the packing API):
  // plain SGEMM re-packs each weight on every call, which costs more than the product itself at a
  // few rows.
  private final boolean packed = MklGemm.packs();
  private final MemorySegment gemmIn;
  private final MemorySegment gemmOut;
  // Keys transposed, so a score row is a run of axpys: keys[layer][(row * kvh + head) * d +
  // dim][slot] and values[layer][(row * kvh + head) * capacity + slot][dim]. One Java array per
  // inner loop, so that every loop over slots or dims indexes its arrays at the same index and C2
  // vectorises it (it does not when two arrays are read at different offsets, as they might be one
  // array).
  private final float[][][] keys;
  private final float[][][] values;
  private final float[][] scoreRows;
  private final float[][] outRows;
  // Scratch, reused by every step.
  private final float[] x;
  private final float[] a;
  private final float[] q;
  private final float[] k;
  private final float[] v;
  private final float[] o;
  private final float[] proj;
  private final float[] gate;
  private final float[] up;
  private final float[] scores;
  private final float[] expScratch;
  private final float[] logits;

  // The model's weights, copied (aligned) weight by weight by the prompt pass's many-row products.
  private final Map<String, NDArray> source;

  private record Layer(
      float[] inputNorm,
      MemorySegment wQkv,
      float[] bq,
      float[] bk,
      float[] bv,
      MemorySegment wo,
      float[] bo,
      float[] postNorm,
      MemorySegment wGateUp,
      MemorySegment wDown) {}

  /**
   * A decoder for {@code rows} sequences of at most {@code capacity} positions, with a copy of the
   * model's current weights.
   */
  StepDecoder(
      TransformerConfig config, Rope rope, Map<String, NDArray> weights, int rows, int capacity) {
    // A weight missing or too large for the arena leaves nothing off-heap behind.
    try {
      this.c = config;
      this.rows = rows;
      this.capacity = capacity;
      this.source = weights;
      h = c.hiddenSize();
      d = c.headDim();
      kvh = c.numKeyValueHeads();
      g = c.groupSize();
      inter = c.intermediateSize();
      vocab = c.vocabSize();
      eps = (float) c.rmsNormEps();
      inverseFrequency = rope.inverseFrequency();
      layers = new Layer[c.numHiddenLayers()];
      int qkv = h + 2 * kvh * d;
      // Fused weights are assembled here before packing (or copying) into the arena.
      try (Arena staging = Arena.ofConfined()) {
        MemorySegment stack = staging.allocate(4L * h * Math.max(qkv, 2 * inter), 64);
        for (int i = 0; i < layers.length; i++) {
          String p = "model.layers." + i + ".";
          layers[i] =
              new Layer(
                  array(weights, p + "input_layernorm.weight"),
                  weight(
                      weights,
                      stack,
                      qkv,
                      h,
                      p + "self_attn.q_proj.weight",
                      p + "self_attn.k_proj.weight",
                      p + "self_attn.v_proj.weight"),
                  optional(weights, p + "self_attn.q_proj.bias"),
                  optional(weights, p + "self_attn.k_proj.bias"),
                  optional(weights, p + "self_attn.v_proj.bias"),
                  weight(weights, stack, h, h, p + "self_attn.o_proj.weight"),
                  optional(weights, p + "self_attn.o_proj.bias"),
                  array(weights, p + "post_attention_layernorm.weight"),
                  weight(
                      weights,
                      stack,
                      2 * inter,
                      h,
                      p + "mlp.gate_proj.weight",
                      p + "mlp.up_proj.weight"),
                  weight(weights, stack, h, inter, p + "mlp.down_proj.weight"));
        }
        head =
            weight(
                weights,
                stack,
                vocab,
                h,
                c.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight");
      }
      embed = array(weights, "model.embed_tokens.weight");
      finalNorm = array(weights, "model.norm.weight");
      gemmIn = arena.allocate(4L * rows * Math.max(h, inter), 64);
      gemmOut =
          arena.allocate(4L * rows * Math.max(Math.max(h + 2 * kvh * d, 2 * inter), vocab), 64);
      keys = new float[layers.length][rows * kvh * d][capacity];
      values = new float[layers.length][rows * kvh * capacity][d];
      scoreRows = new float[rows * c.numAttentionHeads()][capacity];
      outRows = new float[rows * c.numAttentionHeads()][d];
      x = new float[rows * h];
      a = new float[rows * h];
      q = new float[rows * h];
      k = new float[rows * kvh * d];
      v = new float[rows * kvh * d];
      o = new float[rows * h];
      proj = new float[rows * h];
      gate = new float[rows * inter];
      up = new float[rows * inter];
      scores = new float[rows * c.numAttentionHeads() * capacity];
      expScratch = new float[rows * inter];
      logits = new float[rows * vocab];
    } catch (RuntimeException | Error e) {
      arena.close();
      throw e;
    }
  }

  // A decoder copies the weights (off-heap) and keeps its cache on the Java heap for one generate
  // call: meant for the lab's own small models, while a large checkpoint keeps the DJL path.
  private static final long MAX_FLOATS = 1L << 26;
  private static final long MAX_PREFILL_FLOATS = 1L << 28;

  /** Whether this process can decode here (MKL found, not switched off). */
  static boolean available() {
    return EngineSwitch.useMkl("traitlab.decoder");
  }

  /**
   * Whether a decoder is used for this model and batch: {@link #available()}, its weight copy and
   * cache each at most 2^26 floats (256 MiB), and the prompt pass's buffers (bounded over rows x
   * capacity positions) at most 2^28 floats (1 GiB), which also keeps every index within an int.
   */
  static boolean suits(TransformerConfig c, int rows, int capacity) {
    long kv = (long) c.numKeyValueHeads() * c.headDim();
    long positions = (long) rows * capacity;
    long cache = 2L * c.numHiddenLayers() * kv * positions;
    // The prompt pass's arrays and its two product buffers, per position.
    long prefill =
        positions
            * (6L * c.hiddenSize() + 2 * kv + 4L * Math.max(c.hiddenSize(), c.intermediateSize()));
    return available()
        && c.parameterCount() <= MAX_FLOATS
        && cache <= MAX_FLOATS
        && prefill <= MAX_PREFILL_FLOATS;
  }

  private static float[] array(Map<String, NDArray> w, String name) {
    NDArray a = w.get(name);
    if (a == null) {
      throw new IllegalStateException("decoder: weight " + name + " missing");
    }
    return a.toFloatArray();
  }

  /** A weight's values where they lie (libtorch's memory when DJL can give it without a copy). */
  private static MemorySegment data(Map<String, NDArray> w, String name) {
    NDArray a = w.get(name);
    if (a == null) {
      throw new IllegalStateException("decoder: weight " + name + " missing");
    }
    return MemorySegment.ofBuffer(a.toByteBuffer(true));
  }

  /**
   * The weights {@code names}, rows one after another ([n, k] in all: one product then gives every
   * projection that reads the same input, q/k/v or gate/up), off-heap in the decoder's arena:
   * packed by MKL for `rows`-row products where MKL can (packing only moves the values, so the
   * packed copy does not depend on where the source lies), else copied 64-byte aligned. {@code
   * stack} assembles several names.
   */
  private MemorySegment weight(
      Map<String, NDArray> w, MemorySegment stack, int n, int k, String... names) {
    long bytes = 4L * n * k;
    MemorySegment source;
    if (names.length == 1) {
      source = data(w, names[0]);
    } else {
      source = stack.asSlice(0, bytes);
      long at = 0;
      for (String name : names) {
        MemorySegment part = data(w, name);
        MemorySegment.copy(part, 0, source, at, part.byteSize());
        at += part.byteSize();
      }
    }
    if (source.byteSize() != bytes) {
      throw new IllegalStateException(
          "decoder: "
              + String.join("+", names)
              + " holds "
              + source.byteSize() / 4
              + " floats, not "
              + (long) n * k);
    }
    if (packed) {
      return MklGemm.pack(arena, source, n, k, rows);
    }
    MemorySegment m = arena.allocate(bytes, 64);
    MemorySegment.copy(source, 0, m, 0, bytes);
    return m;
  }

  /**
   * in [rows, k] . w[n, k]^T through MKL, split by columns into {@code outs} [rows, n_i] in order
   * (n = sum of n_i): the products of a {@link #stacked} weight land in their own arrays.
   */
  private void gemm(float[] in, MemorySegment w, float[]... outs) {
    int k = in.length / rows;
    int n = 0;
    for (float[] out : outs) {
      n += out.length / rows;
    }
    MemorySegment.copy(in, 0, gemmIn, ValueLayout.JAVA_FLOAT, 0, rows * k);
    if (packed) {
      MklGemm.linearPacked(gemmIn, rows, k, w, n, gemmOut);
    } else {
      MklGemm.linear(gemmIn, rows, k, w, n, gemmOut);
    }
    for (int r = 0; r < rows; r++) {
      long at = 4L * r * n;
      for (float[] out : outs) {
        int width = out.length / rows;
        MemorySegment.copy(gemmOut, ValueLayout.JAVA_FLOAT, at, out, r * width, width);
        at += 4L * width;
      }
    }
  }

  /** Frees the off-heap copies of the weights. */
  @Override
  public void close() {
    arena.close();
  }

  private static float[] optional(Map<String, NDArray> w, String name) {
    NDArray a = w.get(name);
    return a == null ? null : a.toFloatArray();
  }

  /**
   * Encodes the prompts into the cache at slots [0, T) and returns the logits [rows * vocab] of
   * each row's last position (reused by the next step). {@code tokens} and {@code positions} are
   * [rows][T], left-padded: row r's prompt occupies slots [pad[r], T), and padding slots are never
   * attended to. Products here have rows * T rows on aligned copies of the model's unfused weights;
   * the packed copies serve the one-row-per-sequence steps after.
   *
   * @throws IllegalStateException when T exceeds the decoder's capacity
   */
  float[] prefill(int[][] tokens, int[][] positions, int[] pad) {
    int t = tokens[0].length;
    if (t > capacity) {
      throw new IllegalStateException("decoder cache of " + capacity + " cannot take " + t);
    }
    int m = rows * t;
    float[] xs = new float[m * h];
    float[] as = new float[m * h];
    float[] qs = new float[m * h];
    float[] ks = new float[m * kvh * d];
    float[] vs = new float[m * kvh * d];
    float[] os = new float[m * h];
    float[] ps = new float[m * h];
    float[] gs = new float[m * inter];
    float[] us = new float[m * inter];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < t; i++) {
        System.arraycopy(embed, tokens[r][i] * h, xs, (r * t + i) * h, h);
      }
    }
    float scale = (float) (1 / Math.sqrt(d));
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment in = scratch.allocate(4L * m * Math.max(h, inter), 64);
      MemorySegment out = scratch.allocate(4L * m * Math.max(h, inter), 64);
      for (int li = 0; li < layers.length; li++) {
        Layer l = layers[li];
        String p = "model.layers." + li + ".";
        rmsNorm(xs, l.inputNorm, as, m);
        product(as, m, h, p + "self_attn.q_proj.weight", h, qs, in, out);
        product(as, m, h, p + "self_attn.k_proj.weight", kvh * d, ks, in, out);
        product(as, m, h, p + "self_attn.v_proj.weight", kvh * d, vs, in, out);
        addBias(qs, l.bq, h, m);
        addBias(ks, l.bk, kvh * d, m);
        addBias(vs, l.bv, kvh * d, m);
        for (int r = 0; r < rows; r++) {
          for (int i = 0; i < t; i++) {
            rotate(qs, (r * t + i) * h, h / d, positions[r][i], scale);
            rotate(ks, (r * t + i) * kvh * d, kvh, positions[r][i], 1f);
          }
        }
        for (int i = 0; i < t; i++) {
          store(li, i, ks, vs, t, i);
        }
        for (int i = 0; i < t; i++) {
          attend(li, i, pad, qs, os, t, i);
        }
        product(os, m, h, p + "self_attn.o_proj.weight", h, ps, in, out);
        addBias(ps, l.bo, h, m);
        add(xs, ps, m * h);
        rmsNorm(xs, l.postNorm, as, m);
        product(as, m, h, p + "mlp.gate_proj.weight", inter, gs, in, out);
        product(as, m, h, p + "mlp.up_proj.weight", inter, us, in, out);
        activate(gs, us, m * inter);
        product(gs, m, inter, p + "mlp.down_proj.weight", h, ps, in, out);
        add(xs, ps, m * h);
      }
    }
    for (int r = 0; r < rows; r++) {
      System.arraycopy(xs, (r * t + t - 1) * h, x, r * h, h);
    }
    rmsNorm(x, finalNorm, a, rows);
    gemm(a, head, logits);
    return logits;
  }

  /** out[m, n] := in[m, k] . W[n, k]^T on an aligned copy of the model's weight {@code name}. */
  private void product(
      float[] in,
      int m,
      int k,
      String name,
      int n,
      float[] out,
      MemorySegment inSeg,
      MemorySegment outSeg) {
    // A 64-byte aligned copy: MKL's last bits can depend on where a thin product's operands lie,
    // and libtorch's buffers do not promise one alignment, so a seeded run would not repeat.
    MemorySegment w;
    try (Arena aligned = Arena.ofConfined()) {
      MemorySegment src = data(source, name);
      w = aligned.allocate(src.byteSize(), 64);
      MemorySegment.copy(src, 0, w, 0, src.byteSize());
      MemorySegment.copy(in, 0, inSeg, ValueLayout.JAVA_FLOAT, 0, m * k);
      MklGemm.linear(inSeg, m, k, w, n, outSeg);
    }
    MemorySegment.copy(outSeg, ValueLayout.JAVA_FLOAT, 0, out, 0, m * n);
  }

  /**
   * Logits [rows * vocab] after one new token per row at cache slot {@code slot}: {@code tokens}
   * and {@code positions} [rows][1], as the DJL step takes them; row r attends to slots [pad[r],
   * slot]. The returned array is reused by the next step.
   */
  float[] step(int[][] tokens, int[][] positions, int[] pad, int slot) {
    if (slot >= capacity) {
      throw new IllegalStateException("decoder cache of " + capacity + " cannot take " + slot);
    }
    for (int r = 0; r < rows; r++) {
      System.arraycopy(embed, tokens[r][0] * h, x, r * h, h);
    }
    float scale = (float) (1 / Math.sqrt(d));
    for (int li = 0; li < layers.length; li++) {
      Layer l = layers[li];
      rmsNorm(x, l.inputNorm, a, rows);
      gemm(a, l.wQkv, q, k, v);
      addBias(q, l.bq, h, rows);
      addBias(k, l.bk, kvh * d, rows);
      addBias(v, l.bv, kvh * d, rows);
      for (int r = 0; r < rows; r++) {
        rotate(q, r * h, h / d, positions[r][0], scale);
        rotate(k, r * kvh * d, kvh, positions[r][0], 1f);
      }
      store(li, slot, k, v, 1, 0);
      attend(li, slot, pad, q, o, 1, 0);
      gemm(o, l.wo, proj);
      addBias(proj, l.bo, h, rows);
      add(x, proj, rows * h);
      rmsNorm(x, l.postNorm, a, rows);
      gemm(a, l.wGateUp, gate, up);
      activate(gate, up, rows * inter);
      gemm(gate, l.wDown, proj);
      add(x, proj, rows * h);
    }
    rmsNorm(x, finalNorm, a, rows);
    gemm(a, head, logits);
    return logits;
  }

  private void rmsNorm(float[] in, float[] weight, float[] out, int m) {
    for (int r = 0; r < m; r++) {
      int base = r * h;
      float sum = 0;
      for (int i = 0; i < h; i++) {
        float t = in[base + i];
        sum += t * t;
      }
      float rms = (float) Math.sqrt(sum / h + eps);
      for (int i = 0; i < h; i++) {
        out[base + i] = in[base + i] / rms * weight[i];
      }
    }
  }

  private static void addBias(float[] y, float[] bias, int width, int m) {
    if (bias == null) {
      return;
    }
    for (int r = 0; r < m; r++) {
      for (int i = 0; i < width; i++) {
        y[r * width + i] += bias[i];
      }
    }
  }

  private static void add(float[] y, float[] delta, int n) {
    for (int i = 0; i < n; i++) {
      y[i] += delta[i];
    }
  }

  /** Rotary positions in the HF layout (rotate_half pairs i with i + d/2), then a scale. */
  private void rotate(float[] t, int offset, int heads, int position, float scale) {
    int half = d / 2;
    for (int i = 0; i < half; i++) {
      float angle = position * inverseFrequency[i];
      float cos = (float) Math.cos(angle);
      float sin = (float) Math.sin(angle);
      for (int hd = 0; hd < heads; hd++) {
        int base = offset + hd * d;
        float x1 = t[base + i];
        float x2 = t[base + i + half];
        t[base + i] = (x1 * cos + -x2 * sin) * scale;
        t[base + i + half] = (x2 * cos + x1 * sin) * scale;
      }
    }
  }

  /**
   * Writes row r's key and value, at index r * stride + offset of {@code ks} and {@code vs}, into
   * cache slot {@code slot}.
   */
  private void store(int layer, int slot, float[] ks, float[] vs, int stride, int offset) {
    float[][] kc = keys[layer];
    float[][] vc = values[layer];
    for (int r = 0; r < rows; r++) {
      int src = (r * stride + offset) * kvh * d;
      for (int kh = 0; kh < kvh; kh++) {
        int rh = r * kvh + kh;
        for (int dd = 0; dd < d; dd++) {
          kc[rh * d + dd][slot] = ks[src + kh * d + dd];
        }
        System.arraycopy(vs, src + kh * d, vc[rh * capacity + slot], 0, d);
      }
    }
  }

  /**
   * o [rows, heads * d]: each query head's softmax-weighted values over slots [pad, slot]. The
   * scores of every row and head go through one exponential call; the loops over slots and over d
   * take four terms at a time, so each pass over a score or output row does four products.
   */
  private void attend(
      int layer, int slot, int[] pad, float[] qs, float[] os, int stride, int offset) {
    float[][] kc = keys[layer];
    float[][] vc = values[layer];
    int heads = kvh * g;
    // Each row and head's scores take `width` floats of `scores`: slot + 1 covers every row's
    // slots.
    int width = slot + 1;
    for (int r = 0; r < rows; r++) {
      // A padding position (before the row's prompt) attends to nothing; its output is unused.
      int from = Math.min(pad[r], slot);
      for (int hq = 0; hq < heads; hq++) {
        int kb = (r * kvh + hq / g) * d;
        int qb = (r * stride + offset) * h + hq * d;
        int sb = (r * heads + hq) * width;
        float[] sr = scoreRows[r * heads + hq];
        java.util.Arrays.fill(sr, from, width, 0f);
        int dd = 0;
        for (; dd + 3 < d; dd += 4) {
          float q0 = qs[qb + dd];
          float q1 = qs[qb + dd + 1];
          float q2 = qs[qb + dd + 2];
          float q3 = qs[qb + dd + 3];
          float[] k0 = kc[kb + dd];
          float[] k1 = kc[kb + dd + 1];
          float[] k2 = kc[kb + dd + 2];
          float[] k3 = kc[kb + dd + 3];
          for (int s = from; s < width; s++) {
            sr[s] += q0 * k0[s] + q1 * k1[s] + q2 * k2[s] + q3 * k3[s];
          }
        }
        for (; dd < d; dd++) {
          float qd = qs[qb + dd];
          float[] k0 = kc[kb + dd];
          for (int s = from; s < width; s++) {
            sr[s] += qd * k0[s];
          }
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int s = from; s < width; s++) {
          max = Math.max(max, sr[s]);
        }
        for (int s = from; s < width; s++) {
          sr[s] -= max;
        }
        // Slots before `from` are not read; zero keeps their exponentials finite.
        java.util.Arrays.fill(scores, sb, sb + from, 0f);
        System.arraycopy(sr, from, scores, sb + from, width - from);
      }
    }
    MklMath.expInPlace(scores, 0, rows * heads * width);
    for (int r = 0; r < rows; r++) {
      int from = Math.min(pad[r], slot);
      for (int hq = 0; hq < heads; hq++) {
        int vb = (r * kvh + hq / g) * capacity;
        int sb = (r * heads + hq) * width;
        float[] out = outRows[r * heads + hq];
        java.util.Arrays.fill(out, 0f);
        float sum = 0;
        for (int s = from; s < width; s++) {
          sum += scores[sb + s];
        }
        float inv = 1 / sum;
        int s = from;
        for (; s + 3 < width; s += 4) {
          float p0 = scores[sb + s] * inv;
          float p1 = scores[sb + s + 1] * inv;
          float p2 = scores[sb + s + 2] * inv;
          float p3 = scores[sb + s + 3] * inv;
          float[] v0 = vc[vb + s];
          float[] v1 = vc[vb + s + 1];
          float[] v2 = vc[vb + s + 2];
          float[] v3 = vc[vb + s + 3];
          for (int dd = 0; dd < d; dd++) {
            out[dd] += p0 * v0[dd] + p1 * v1[dd] + p2 * v2[dd] + p3 * v3[dd];
          }
        }
        for (; s < width; s++) {
          float p = scores[sb + s] * inv;
          float[] v0 = vc[vb + s];
          for (int dd = 0; dd < d; dd++) {
            out[dd] += p * v0[dd];
          }
        }
        System.arraycopy(out, 0, os, (r * stride + offset) * h + hq * d, d);
      }
    }
  }

  /** gate := act(gate) * up, SiLU or the exact (erf) GELU. */
  private void activate(float[] gateIn, float[] upIn, int n) {
    if (TransformerConfig.GELU.equals(c.hiddenAct())) {
      for (int i = 0; i < n; i++) {
        float z = gateIn[i];
        gateIn[i] = (float) (0.5 * z * (1 + erf(z / Math.sqrt(2)))) * upIn[i];
      }
      return;
    }
    float[] e = n <= expScratch.length ? expScratch : new float[n];
    for (int i = 0; i < n; i++) {
      e[i] = -gateIn[i];
    }
    MklMath.expInPlace(e, 0, n);
    for (int i = 0; i < n; i++) {
      gateIn[i] = gateIn[i] / (1 + e[i]) * upIn[i];
    }
  }

  /** The error function ({@link dev.traitlab.nn.Gelu#erf}). */
  static double erf(double z) {
    return dev.traitlab.nn.Gelu.erf(z);
  }
}
