package dev.traitlab.nn.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Linear;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.traitlab.core.Seeds;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.nn.NativeArrays;
import dev.traitlab.nn.lora.LoraAdapters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A decoder-only Llama/Qwen2 transformer on DJL's PyTorch engine, with weights under their Hugging
 * Face names so a directory round-trips through transformers. Works on token ids only.
 *
 * <p>Not thread-safe for concurrent calls: public methods are synchronized. Every pass allocates
 * its temporaries in a sub-manager closed at the end of the pass.
 */
public final class TransformerModel implements AutoCloseable {
  public static final String CONFIG_FILE = "config.json";
  public static final String WEIGHTS_FILE = "model.safetensors";
  private static final String INDEX_FILE = "model.safetensors.index.json";
  // Largest logits block materialised at once (floats), so big vocabularies score in chunks.
  private static final long MAX_LOGITS = 1L << 25;

  private final TransformerConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> weights;
  private final Rope rope;
  private final NDArray rotateHalf;
  private LoraAdapters lora;

  private TransformerModel(TransformerConfig config, NDManager manager, Map<String, NDArray> w) {
    this.config = config;
    this.manager = manager;
    this.weights = w;
    this.rope = new Rope(config.headDim(), config.ropeTheta());
    this.rotateHalf = rope.rotateHalfMatrix(manager);
  }

  /** The weight names and shapes of a config, in the canonical (HF) order. */
  public static Map<String, Shape> weightShapes(TransformerConfig c) {
    Map<String, Shape> s = new LinkedHashMap<>();
    long h = c.hiddenSize();
    long kv = (long) c.numKeyValueHeads() * c.headDim();
    s.put("model.embed_tokens.weight", new Shape(c.vocabSize(), h));
    for (int i = 0; i < c.numHiddenLayers(); i++) {
      String p = "model.layers." + i + ".";
      s.put(p + "input_layernorm.weight", new Shape(h));
      s.put(p + "self_attn.q_proj.weight", new Shape(h, h));
      s.put(p + "self_attn.k_proj.weight", new Shape(kv, h));
      s.put(p + "self_attn.v_proj.weight", new Shape(kv, h));
      if (c.attentionBias()) {
        s.put(p + "self_attn.q_proj.bias", new Shape(h));
        s.put(p + "self_attn.k_proj.bias", new Shape(kv));
        s.put(p + "self_attn.v_proj.bias", new Shape(kv));
      }
      s.put(p + "self_attn.o_proj.weight", new Shape(h, h));
      if (c.outputBias()) {
        s.put(p + "self_attn.o_proj.bias", new Shape(h));
      }
      s.put(p + "post_attention_layernorm.weight", new Shape(h));
      s.put(p + "mlp.gate_proj.weight", new Shape(c.intermediateSize(), h));
      s.put(p + "mlp.up_proj.weight", new Shape(c.intermediateSize(), h));
      s.put(p + "mlp.down_proj.weight", new Shape(h, c.intermediateSize()));
    }
    s.put("model.norm.weight", new Shape(h));
    if (!c.tieWordEmbeddings()) {
      s.put("lm_head.weight", new Shape(c.vocabSize(), h));
    }
    return s;
  }

  /**
   * A freshly initialised model: matrices and embeddings N(0, 0.02) (transformers'
   * initializer_range), biases 0, norm weights 1. Each tensor draws from its own stream derived
   * from the seed and its name, so the values do not depend on the order of creation.
   */
  public static TransformerModel create(TransformerConfig config, long seed) {
    NDManager m = NDManager.newBaseManager();
    Map<String, NDArray> w = new LinkedHashMap<>();
    for (Map.Entry<String, Shape> e : weightShapes(config).entrySet()) {
      String name = e.getKey();
      Shape shape = e.getValue();
      float[] v = new float[(int) shape.size()];
      if (name.endsWith("norm.weight")) {
        Arrays.fill(v, 1f);
      } else if (!name.endsWith(".bias")) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (0.02 * rng.nextGaussian());
        }
      }
      NDArray a = NativeArrays.of(m, v, shape);
      a.setName(name);
      w.put(name, a);
    }
    return new TransformerModel(config, m, w);
  }

  /** Loads a HF model directory (config.json and model.safetensors, or a sharded index). */
  public static TransformerModel load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new TraitlabException("model directory " + dir + " does not exist");
    }
    TransformerConfig config = TransformerConfig.read(dir.resolve(CONFIG_FILE));
    Map<String, Safetensors.Tensor> tensors = new HashMap<>();
    for (Path file : weightFiles(dir)) {
      tensors.putAll(Safetensors.read(file));
    }
    Map<String, Shape> expected = weightShapes(config);
    for (String name : tensors.keySet()) {
      boolean tiedHead = name.equals("lm_head.weight") && config.tieWordEmbeddings();
      if (!expected.containsKey(name) && !tiedHead && !name.endsWith("rotary_emb.inv_freq")) {
        throw new TraitlabException(
            "model in "
                + dir
                + " has tensor '"
                + name
                + "' that its config.json does not describe");
      }
    }
    NDManager m = NDManager.newBaseManager();
    Map<String, NDArray> w = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Shape> e : expected.entrySet()) {
        // Removed as consumed so the float32 copies are collectable one by one (large checkpoints).
        Safetensors.Tensor t = tensors.remove(e.getKey());
        if (t == null) {
          throw new TraitlabException("model in " + dir + " lacks tensor '" + e.getKey() + "'");
        }
        if (!Arrays.equals(t.shape(), e.getValue().getShape())) {
          throw new TraitlabException(
              "model in "
                  + dir
                  + ": tensor '"
                  + e.getKey()
                  + "' has shape "
                  + Arrays.toString(t.shape())
                  + ", config.json implies "
                  + e.getValue());
        }
        NDArray a = NativeArrays.of(m, t.data(), e.getValue());
        a.setName(e.getKey());
        w.put(e.getKey(), a);
      }
    } catch (RuntimeException ex) {
      m.close();
      throw ex;
    }
    return new TransformerModel(config, m, w);
  }

  private static List<Path> weightFiles(Path dir) {
    Path single = dir.resolve(WEIGHTS_FILE);
    if (Files.exists(single)) {
      return List.of(single);
    }
    Path index = dir.resolve(INDEX_FILE);
    if (!Files.exists(index)) {
      throw new TraitlabException("model directory " + dir + " has no " + WEIGHTS_FILE);
    }
    try {
      JsonNode map = new ObjectMapper().readTree(index.toFile()).path("weight_map");
      Set<String> files = new TreeSet<>();
      map.elements().forEachRemaining(f -> files.add(f.asText()));
      if (files.isEmpty()) {
        throw new TraitlabException("malformed " + index + ": empty weight_map");
      }
      return files.stream().map(dir::resolve).toList();
    } catch (IOException e) {
      throw new TraitlabException("malformed " + index + ": " + e.getMessage());
    }
  }

  /** Writes config.json and model.safetensors (F32, HF names) into dir, creating it. */
  public synchronized void save(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new TraitlabException("cannot create model directory " + dir + ": " + e.getMessage());
    }
    config.write(dir.resolve(CONFIG_FILE));
    Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : weights.entrySet()) {
      out.put(
          e.getKey(),
          new Safetensors.Tensor(e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
    }
    Safetensors.write(dir.resolve(WEIGHTS_FILE), out);
  }

  public TransformerConfig config() {
    return config;
  }

  /** The live weights by HF name (the trainer updates them in place). */
  public Map<String, NDArray> weights() {
    return weights;
  }

  public NDManager manager() {
    return manager;
  }

  Rope rope() {
    return rope;
  }

  /** The [headDim, headDim] matrix of rotate_half, in the model's manager. */
  NDArray rotateHalf() {
    return rotateHalf;
  }

  public long parameterCount() {
    long n = 0;
    for (NDArray a : weights.values()) {
      n += a.size();
    }
    return n;
  }

  /** Adapters used by every following pass (null removes them without merging). */
  public synchronized void setLora(LoraAdapters adapters) {
    this.lora = adapters;
  }

  public synchronized LoraAdapters lora() {
    return lora;
  }

  /** Folds the current adapters into the weights and drops them. */
  public synchronized void mergeLora() {
    if (lora != null) {
      lora.mergeInto(weights);
      lora.close();
      lora = null;
    }
  }

  // ---------------------------------------------------------------- forward pass

  NDArray linear(NDArray x, String name) {
    NDArray bias = weights.get(name + ".bias");
    NDArray y = Linear.linear(x, weights.get(name + ".weight"), bias).singletonOrThrow();
    if (lora != null) {
      NDArray d = lora.delta(name + ".weight", x);
      if (d != null) {
        y = y.add(d);
      }
    }
    return y;
  }

  NDArray rmsNorm(NDArray x, String weightName) {
    int last = x.getShape().dimension() - 1;
    NDManager m = x.getManager();
    NDArray rms =
        x.square()
            .mean(new int[] {last}, true)
            .add(NativeArrays.scalar(m, config.rmsNormEps()))
            .sqrt();
    return x.div(rms).mul(weights.get(weightName));
  }

  private static NDArray hook(ActivationHook hook, String point, NDArray x) {
    if (hook == null || !hook.wants(point)) {
      return x;
    }
    NDArray y = hook.apply(point, x);
    if (!y.getShape().equals(x.getShape())) {
      throw new IllegalStateException(
          "hook at " + point + " returned shape " + y.getShape() + ", expected " + x.getShape());
    }
    return y;
  }

  /**
   * Final normed hidden states [B, T, hidden] of token ids [B, T] at the given position ids. {@code
   * mask} is additive, shape [B or 1, 1, 1, T, S] over the S cached+new keys. With {@code past}
   * (null: none), the queries attend first to the keys of earlier passes; {@code mask} then covers
   * only the T new keys, and {@code cache}, if any, records only them.
   */
  NDArray hidden(
      NDManager m,
      int[][] tokens,
      int[][] positions,
      NDArray mask,
      KvCache cache,
      PastKeys past,
      ActivationHook hook) {
    int b = tokens.length;
    int t = tokens[0].length;
    int h = config.hiddenSize();
    int d = config.headDim();
    int kvh = config.numKeyValueHeads();
    int g = config.groupSize();
    long[] flat = new long[b * t];
    for (int r = 0; r < b; r++) {
      for (int p = 0; p < t; p++) {
        flat[r * t + p] = tokens[r][p];
      }
    }
    NDArray ids = NativeArrays.of(m, flat, new Shape(b, t));
    NDArray x =
        ids.getNDArrayInternal()
            .embedding(ids, weights.get("model.embed_tokens.weight"), SparseFormat.DENSE)
            .singletonOrThrow();
    x = hook(hook, ActivationHook.embed(), x);
    NDArray[] cs = rope.tables(m, positions);
    NDArray cos = cs[0];
    NDArray sin = cs[1];
    NDArray scale = NativeArrays.scalar(m, 1 / Math.sqrt(d));
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      String p = "model.layers." + i + ".";
      NDArray a = rmsNorm(x, p + "input_layernorm.weight");
      NDArray q = linear(a, p + "self_attn.q_proj").reshape(b, t, kvh * g, d);
      NDArray k = linear(a, p + "self_attn.k_proj").reshape(b, t, kvh, d);
      NDArray v = linear(a, p + "self_attn.v_proj").reshape(b, t, kvh, d);
      q = q.mul(cos).add(q.matMul(rotateHalf).mul(sin)).mul(scale);
      k = k.mul(cos).add(k.matMul(rotateHalf).mul(sin));
      // [B, KVH, G, T, D]: query head j uses key/value head j / G, as transformers' repeat_kv.
      // Query heads sharing a key/value head are stacked as rows: q [B, KVH, G*T, D] (head j uses
      // kv head j / G, as transformers' repeat_kv), keys kept transposed [B, KVH, D, S] so both
      // products are plain contiguous batched matmuls, with no expanded copies of k and v.
      q = q.reshape(b, t, kvh, g, d).transpose(0, 2, 3, 1, 4).reshape(b, kvh, g * t, d);
      k = k.transpose(0, 2, 3, 1);
      v = v.transpose(0, 2, 1, 3);
      if (cache != null) {
        NDArray[] kv = cache.append(i, k, v);
        k = kv[0];
        v = kv[1];
      }
      NDArray o;
      if (past == null || past.isEmpty()) {
        NDArray scores = q.matMul(k);
        if (mask != null) {
          scores = scores.add(mask);
        }
        o = scores.softmax(-1).matMul(v);
      } else {
        o = past.attend(i, q, k, v, mask);
      }
      o = o.reshape(b, kvh, g, t, d).transpose(0, 3, 1, 2, 4).reshape(b, t, h);
      NDArray attn = hook(hook, ActivationHook.attnOut(i), linear(o, p + "self_attn.o_proj"));
      x = x.add(attn);
      NDArray n = rmsNorm(x, p + "post_attention_layernorm.weight");
      NDArray gate = linear(n, p + "mlp.gate_proj");
      NDArray act = activation(gate).mul(linear(n, p + "mlp.up_proj"));
      NDArray mlp = hook(hook, ActivationHook.mlpOut(i), linear(act, p + "mlp.down_proj"));
      x = hook(hook, ActivationHook.residPost(i), x.add(mlp));
    }
    return rmsNorm(x, "model.norm.weight");
  }

  /** The MLP's activation of the gate projection: SiLU, or the exact (erf) GELU. */
  NDArray activation(NDArray gate) {
    return TransformerConfig.GELU.equals(config.hiddenAct())
        ? gate.getNDArrayInternal().gelu()
        : gate.mul(gate.getNDArrayInternal().sigmoid());
  }

  /** Logits [.., V] of hidden states [.., hidden]. */
  NDArray head(NDArray hidden) {
    NDArray w =
        config.tieWordEmbeddings()
            ? weights.get("model.embed_tokens.weight")
            : weights.get("lm_head.weight");
    return Linear.linear(hidden, w).singletonOrThrow();
  }

  /**
   * Additive causal mask [rows, 1, G*T, past + T] for the stacked query rows (row g*T + i is query
   * i); keys before leftPad[r] are hidden too.
   */
  NDArray causalMask(NDManager m, int[] leftPad, int t, int past) {
    int rows = leftPad == null ? 1 : leftPad.length;
    int g = config.groupSize();
    int s = past + t;
    float[] v = new float[rows * g * t * s];
    for (int r = 0; r < rows; r++) {
      int pad = leftPad == null ? 0 : leftPad[r];
      for (int i = 0; i < t; i++) {
        int base = (r * g * t + i) * s;
        for (int j = 0; j < s; j++) {
          // A padding query still sees itself, so its softmax stays finite (no NaN in the cache).
          if (j > past + i || (j < pad && j != past + i)) {
            v[base + j] = Float.NEGATIVE_INFINITY;
          }
        }
        for (int gi = 1; gi < g; gi++) {
          System.arraycopy(v, base, v, base + gi * t * s, s);
        }
      }
    }
    return NativeArrays.of(m, v, new Shape(rows, 1, g * t, s));
  }

  private static int[][] rightPad(List<int[]> seqs, int length) {
    int[][] out = new int[seqs.size()][length];
    for (int r = 0; r < seqs.size(); r++) {
      System.arraycopy(seqs.get(r), 0, out[r], 0, seqs.get(r).length);
    }
    return out;
  }

  private static int[][] arangePositions(int rows, int t) {
    int[][] pos = new int[rows][t];
    for (int[] row : pos) {
      for (int i = 0; i < t; i++) {
        row[i] = i;
      }
    }
    return pos;
  }

  private void checkTokens(List<int[]> seqs, String what) {
    if (seqs.isEmpty()) {
      throw new IllegalArgumentException(what + ": no sequences");
    }
    for (int r = 0; r < seqs.size(); r++) {
      int[] s = seqs.get(r);
      if (s.length == 0) {
        throw new IllegalArgumentException(what + ": sequence " + r + " is empty");
      }
      if (s.length > config.maxPositionEmbeddings()) {
        throw new IllegalArgumentException(
            what
                + ": sequence "
                + r
                + " has "
                + s.length
                + " tokens, more than max_position_embeddings "
                + config.maxPositionEmbeddings());
      }
      checkIds(s, r, what);
    }
  }

  private void checkIds(int[] s, int r, String what) {
    for (int tok : s) {
      if (tok < 0 || tok >= config.vocabSize()) {
        throw new IllegalArgumentException(
            what
                + ": token id "
                + tok
                + " in sequence "
                + r
                + " outside vocab of "
                + config.vocabSize());
      }
    }
  }

  /** Rows per pass so that [rows, T, V] logits stay under the size cap. */
  private int rowsPerPass(int t) {
    return (int) Math.max(1, MAX_LOGITS / ((long) t * config.vocabSize()));
  }

  /** Logits [row][position][vocab] of each sequence (any lengths). */
  public synchronized float[][][] logits(List<int[]> sequences, ActivationHook hook) {
    checkTokens(sequences, "logits");
    float[][][] out = new float[sequences.size()][][];
    int v = config.vocabSize();
    forEachChunk(
        sequences,
        (m, start, chunk, t) -> {
          NDArray hid =
              hidden(
                  m,
                  rightPad(chunk, t),
                  arangePositions(chunk.size(), t),
                  causalMask(m, null, t, 0),
                  null,
                  null,
                  hook);
          float[] all = head(hid).toFloatArray();
          for (int r = 0; r < chunk.size(); r++) {
            int len = chunk.get(r).length;
            out[start + r] = new float[len][];
            for (int p = 0; p < len; p++) {
              out[start + r][p] = Arrays.copyOfRange(all, (r * t + p) * v, (r * t + p + 1) * v);
            }
          }
        });
    return out;
  }

  public float[][][] logits(int[][] tokens) {
    return logits(Arrays.asList(tokens), null);
  }

  private interface ChunkPass {
    void run(NDManager m, int start, List<int[]> chunk, int maxLen);
  }

  private void forEachChunk(List<int[]> seqs, ChunkPass pass) {
    int maxLen = seqs.stream().mapToInt(s -> s.length).max().orElse(1);
    int step = rowsPerPass(maxLen);
    for (int start = 0; start < seqs.size(); start += step) {
      List<int[]> chunk = seqs.subList(start, Math.min(seqs.size(), start + step));
      int t = chunk.stream().mapToInt(s -> s.length).max().orElse(1);
      try (NDManager m = manager.newSubManager()) {
        pass.run(m, start, chunk, t);
      }
    }
  }

  /**
   * Log-prob of every token given the tokens before it: entry [r][i] is log p(seq[i + 1] |
   * seq[0..i]), so a row has length - 1 entries.
   */
  public synchronized float[][] tokenLogprobs(List<int[]> sequences, ActivationHook hook) {
    checkTokens(sequences, "scoring");
    float[][] out = new float[sequences.size()][];
    forEachChunk(
        sequences,
        (m, start, chunk, t) -> {
          int[][] toks = rightPad(chunk, t);
          NDArray hid =
              hidden(
                  m,
                  toks,
                  arangePositions(chunk.size(), t),
                  causalMask(m, null, t, 0),
                  null,
                  null,
                  hook);
          float[] lp = targetLogprobs(m, head(hid), toks).toFloatArray();
          for (int r = 0; r < chunk.size(); r++) {
            int len = chunk.get(r).length;
            out[start + r] = Arrays.copyOfRange(lp, r * (t - 1), r * (t - 1) + len - 1);
          }
        });
    return out;
  }

  /** [B, T-1] log-probs of tokens[:, 1:] under logits[:, :-1]. */
  private static NDArray targetLogprobs(NDManager m, NDArray logits, int[][] tokens) {
    int b = tokens.length;
    int t = tokens[0].length;
    long[] targets = new long[b * Math.max(0, t - 1)];
    for (int r = 0; r < b; r++) {
      for (int p = 0; p + 1 < t; p++) {
        targets[r * (t - 1) + p] = tokens[r][p + 1];
      }
    }
    NDArray tg = NativeArrays.of(m, targets, new Shape(b, t - 1, 1));
    NDArray lsm = logits.get(":, :-1, :").logSoftmax(2);
    return lsm.gather(tg, 2).squeeze(2);
  }

  /** Per-token log-probs of {@code continuation} after {@code prompt}. */
  public float[] scoreContinuation(int[] prompt, int[] continuation) {
    return scoreContinuations(List.of(prompt), List.of(continuation), null).get(0);
  }

  /**
   * Batched {@link #scoreContinuation}: entry r holds the log-probs of continuation r's tokens
   * after prompt r (prompts must not be empty). What rows share is computed once: the prefix common
   * to all prompts, then each distinct prompt, then the continuations attending to both (see {@link
   * ContinuationScorer}), equal to scoring each prompt + continuation whole up to float rounding.
   */
  public List<float[]> scoreContinuations(
      List<int[]> prompts, List<int[]> continuations, ActivationHook hook) {
    return scoreContinuations(prompts, continuations, hook, ContinuationScorer.Budget.DEFAULT);
  }

  /** As {@link #scoreContinuations(List, List, ActivationHook)} within a pass budget. */
  synchronized List<float[]> scoreContinuations(
      List<int[]> prompts,
      List<int[]> continuations,
      ActivationHook hook,
      ContinuationScorer.Budget budget) {
    if (prompts.size() != continuations.size()) {
      throw new IllegalArgumentException(
          prompts.size() + " prompts but " + continuations.size() + " continuations");
    }
    checkTokens(prompts, "scoring");
    for (int r = 0; r < continuations.size(); r++) {
      int[] c = continuations.get(r);
      checkIds(c, r, "scoring");
      // The continuation's last token is only predicted, never read: it needs no position.
      if (prompts.get(r).length + c.length - 1 > config.maxPositionEmbeddings()) {
        throw new IllegalArgumentException(
            "scoring: prompt and continuation "
                + r
                + " have "
                + (prompts.get(r).length + c.length)
                + " tokens, more than max_position_embeddings + 1 = "
                + (config.maxPositionEmbeddings() + 1));
      }
    }
    return ContinuationScorer.score(this, prompts, continuations, hook, budget);
  }

  /**
   * Activations at the named points for each sequence: result[point][row][position][hidden]
   * (padding removed).
   */
  public Map<String, float[][][]> activations(List<int[]> sequences, Set<String> points) {
    return activations(sequences, points, null);
  }

  /**
   * As {@link #activations(List, Set)}, in a pass where {@code hook} (null: none) acts first: a
   * steered model's activations, say.
   */
  public synchronized Map<String, float[][][]> activations(
      List<int[]> sequences, Set<String> points, ActivationHook hook) {
    checkTokens(sequences, "activations");
    Set<String> wanted = new LinkedHashSet<>(points);
    Map<String, float[][][]> out = new LinkedHashMap<>();
    for (String p : wanted) {
      out.put(p, new float[sequences.size()][][]);
    }
    int h = config.hiddenSize();
    forEachChunk(
        sequences,
        (m, start, chunk, t) -> {
          ActivationHook capture =
              new ActivationHook() {
                @Override
                public boolean wants(String point) {
                  return wanted.contains(point);
                }

                @Override
                public NDArray apply(String point, NDArray x) {
                  float[] all = x.toFloatArray();
                  float[][][] dest = out.get(point);
                  for (int r = 0; r < chunk.size(); r++) {
                    int len = chunk.get(r).length;
                    dest[start + r] = new float[len][];
                    for (int p = 0; p < len; p++) {
                      dest[start + r][p] =
                          Arrays.copyOfRange(all, (r * t + p) * h, (r * t + p + 1) * h);
                    }
                  }
                  return x;
                }
              };
          hidden(
              m,
              rightPad(chunk, t),
              arangePositions(chunk.size(), t),
              causalMask(m, null, t, 0),
              null,
              null,
              ActivationHook.chain(hook, capture));
        });
    for (Map.Entry<String, float[][][]> e : out.entrySet()) {
      if (e.getValue().length > 0 && e.getValue()[0] == null) {
        throw new IllegalArgumentException("unknown activation point '" + e.getKey() + "'");
      }
    }
    return out;
  }

  /**
   * Mean next-token cross-entropy over the positions whose target token has {@code lossMask} true
   * ({@code lossMask[r][i]} refers to token i as a target; entry 0 is never a target). Rows may be
   * right-padded with any token and mask false. Used by the trainer inside a gradient collector;
   * returns a scalar in {@code m}.
   */
  public NDArray loss(NDManager m, int[][] tokens, boolean[][] lossMask) {
    return loss(m, tokens, lossMask, null);
  }

  /**
   * As {@link #loss(NDManager, int[][], boolean[][])}, with {@code hook} (null: none) acting in the
   * pass and differentiated through: an activation oracle trains with its injections in place.
   */
  public NDArray loss(NDManager m, int[][] tokens, boolean[][] lossMask, ActivationHook hook) {
    int b = tokens.length;
    int t = tokens[0].length;
    if (t < 2) {
      throw new IllegalArgumentException("training sequences need at least 2 tokens");
    }
    NDArray hid =
        hidden(m, tokens, arangePositions(b, t), causalMask(m, null, t, 0), null, null, hook);
    return maskedMean(m, targetLogprobs(m, head(hid), tokens), lossMask).neg();
  }

  /**
   * Per row, the summed log-probability of its target tokens given the tokens before each ({@code
   * lossMask[r][i]} marks token i; entry 0 is never a target): log pi(response | prompt) when the
   * mask covers a response. Rows may be right-padded with any token and mask false. Returns a
   * [rows] array in {@code m}, differentiable under a gradient collector (DPO's policy terms); a
   * row without targets sums to 0.
   */
  public NDArray targetLogprobSums(NDManager m, int[][] tokens, boolean[][] lossMask) {
    int b = tokens.length;
    int t = tokens[0].length;
    if (t < 2) {
      throw new IllegalArgumentException("sequences need at least 2 tokens");
    }
    NDArray hid =
        hidden(m, tokens, arangePositions(b, t), causalMask(m, null, t, 0), null, null, null);
    float[] w = new float[b * (t - 1)];
    for (int r = 0; r < b; r++) {
      for (int p = 0; p + 1 < t; p++) {
        w[r * (t - 1) + p] = lossMask[r][p + 1] ? 1 : 0;
      }
    }
    return targetLogprobs(m, head(hid), tokens)
        .mul(NativeArrays.of(m, w, new Shape(b, t - 1)))
        .sum(new int[] {1});
  }

  /**
   * Mean of a [rows, T - 1] per-position array over the positions whose next token is a target
   * (entry [r, p] predicts token p + 1, so it counts when {@code lossMask[r][p + 1]}).
   */
  private static NDArray maskedMean(NDManager m, NDArray perPosition, boolean[][] lossMask) {
    int b = lossMask.length;
    int t = lossMask[0].length;
    float[] w = new float[b * (t - 1)];
    int count = 0;
    for (int r = 0; r < b; r++) {
      for (int p = 0; p + 1 < t; p++) {
        if (lossMask[r][p + 1]) {
          w[r * (t - 1) + p] = 1;
          count++;
        }
      }
    }
    if (count == 0) {
      throw new IllegalArgumentException("batch has no target tokens (loss mask all false)");
    }
    return perPosition
        .mul(NativeArrays.of(m, w, new Shape(b, t - 1)))
        .sum()
        .mul(NativeArrays.scalar(m, 1.0 / count));
  }

  /**
   * Next-token log-probabilities [rows, T - 1, vocab] of a right-padded batch: entry [r, p] is the
   * distribution of token p + 1 given tokens 0..p. Differentiable when called under a gradient
   * collector; a teacher's targets are computed the same way outside one.
   */
  public NDArray nextTokenLogprobs(NDManager m, int[][] tokens) {
    return nextTokenLogprobs(m, tokens, null);
  }

  /**
   * As {@link #nextTokenLogprobs(NDManager, int[][])}, with {@code hook} (null: none) acting in the
   * pass. Under a gradient collector the hook's replacements are differentiated through: a hook at
   * {@code embed} that puts trainable vectors at some positions (a soft prompt) gets gradients, and
   * hooks at later points see activations that are part of the graph.
   */
  public NDArray nextTokenLogprobs(NDManager m, int[][] tokens, ActivationHook hook) {
    int b = tokens.length;
    int t = tokens[0].length;
    if (t < 2) {
      throw new IllegalArgumentException("sequences need at least 2 tokens");
    }
    NDArray hid =
        hidden(m, tokens, arangePositions(b, t), causalMask(m, null, t, 0), null, null, hook);
    return head(hid).get(":, :-1, :").logSoftmax(2);
  }

  /**
   * Soft-label distillation loss: KL(teacher || this model) of the next-token distributions,
   * averaged over the positions whose next token is a target. {@code teacherLogprobs} has the shape
   * of {@link #nextTokenLogprobs} for the same batch.
   */
  public NDArray distillationLoss(
      NDManager m, int[][] tokens, boolean[][] lossMask, NDArray teacherLogprobs) {
    NDArray student = nextTokenLogprobs(m, tokens);
    if (!student.getShape().equals(teacherLogprobs.getShape())) {
      throw new IllegalArgumentException(
          "teacher log-probs "
              + teacherLogprobs.getShape()
              + " do not match the batch's "
              + student.getShape());
    }
    // 0 log 0 = 0: a target may give a token probability 0 (log-prob -inf, e.g. one-hot or
    // top-k targets), where p (log p - log q) would be 0 * -inf = NaN in the loss and gradient.
    NDArray p = teacherLogprobs.exp();
    NDArray diff = NDArrays.where(p.gt(0), teacherLogprobs.sub(student), student.zerosLike());
    return maskedMean(m, p.mul(diff).sum(new int[] {2}), lossMask);
  }

  // ---------------------------------------------------------------- sampling

  /** Samples a continuation of each prompt, all rows in one batch with a KV cache. */
  public synchronized List<GeneratedSequence> generate(List<int[]> prompts, GenerationSettings s) {
    checkTokens(prompts, "generation");
    int b = prompts.size();
    int maxPrompt = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
    int budget = Math.min(s.maxTokens(), config.maxPositionEmbeddings() - maxPrompt);
    if (budget < 1) {
      throw new IllegalArgumentException(
          "generation: prompt of "
              + maxPrompt
              + " tokens leaves no room under max_position_embeddings");
    }
    int[] pad = new int[b];
    int[][] toks = new int[b][maxPrompt];
    int[][] pos = new int[b][maxPrompt];
    for (int r = 0; r < b; r++) {
      int[] p = prompts.get(r);
      pad[r] = maxPrompt - p.length;
      System.arraycopy(p, 0, toks[r], pad[r], p.length);
      for (int i = 0; i < maxPrompt; i++) {
        pos[r][i] = Math.max(0, i - pad[r]);
      }
    }
    SplittableRandom[] rngs = new SplittableRandom[b];
    List<List<Integer>> out = new ArrayList<>();
    List<List<Float>> outLp = new ArrayList<>();
    List<List<int[]>> outTop = new ArrayList<>();
    List<List<float[]>> outTopLp = new ArrayList<>();
    String[] finish = new String[b];
    for (int r = 0; r < b; r++) {
      rngs[r] = new SplittableRandom(mix(s.seed(), r));
      out.add(new ArrayList<>());
      outLp.add(new ArrayList<>());
      outTop.add(new ArrayList<>());
      outTopLp.add(new ArrayList<>());
    }
    int v = config.vocabSize();
    LogitControls controls = s.controls();
    // Per row: tokens seen in the prompt or generated (repetition penalty), and how often each
    // was generated (presence and frequency penalties).
    boolean[][] seen = null;
    int[][] counts = null;
    if (controls.countsTokens()) {
      seen = new boolean[b][v];
      counts = new int[b][v];
      for (int r = 0; r < b; r++) {
        for (int tok : prompts.get(r)) {
          seen[r][tok] = true;
        }
      }
    }
    // The prompt and the steps after it in Java arrays and MKL where nothing hooks into the pass
    // (StepDecoder); otherwise through DJL ops with a DJL cache.
    boolean stepInJava =
        s.hook() == null && lora == null && StepDecoder.suits(config, b, maxPrompt + budget);
    try (KvCache cache =
            stepInJava ? null : new KvCache(manager, config.numHiddenLayers(), maxPrompt + budget);
        StepDecoder decoder =
            stepInJava ? new StepDecoder(config, rope, weights, b, maxPrompt + budget) : null) {
      float[] logits;
      if (decoder != null) {
        logits = decoder.prefill(toks, pos, pad);
      } else {
        try (NDManager m = manager.newSubManager()) {
          NDArray hid =
              hidden(m, toks, pos, causalMask(m, pad, maxPrompt, 0), cache, null, s.hook());
          logits = head(hid.get(":, -1:, :")).toFloatArray();
        }
      }
      int past = maxPrompt;
      for (int step = 0; ; step++) {
        int[][] next = new int[b][1];
        int[][] nextPos = new int[b][1];
        boolean anyActive = false;
        for (int r = 0; r < b; r++) {
          if (finish[r] != null) {
            continue;
          }
          float[] row = Arrays.copyOfRange(logits, r * v, (r + 1) * v);
          float[] drawn =
              controls.changesLogits()
                  ? controls.adjust(
                      row, seen == null ? null : seen[r], counts == null ? null : counts[r])
                  : row;
          Sampler.Draw draw =
              Sampler.draw(
                  row, drawn, s.temperature(), s.topP(), controls.topK(), controls.minP(), rngs[r]);
          int tok = draw.token();
          float lse = draw.logSumExp();
          if (s.stopTokenIds().contains(tok)) {
            finish[r] = "stop";
            continue;
          }
          if (counts != null) {
            counts[r][tok]++;
            seen[r][tok] = true;
          }
          out.get(r).add(tok);
          outLp.get(r).add(row[tok] - lse);
          int[] top = new int[0];
          float[] tl = new float[0];
          if (s.topLogprobs() > 0) {
            top = Sampler.topK(row, s.topLogprobs());
            tl = new float[top.length];
            for (int i = 0; i < top.length; i++) {
              tl[i] = row[top[i]] - lse;
            }
            outTop.get(r).add(top);
            outTopLp.get(r).add(tl);
          }
          if (s.listener() != null) {
            s.listener().onToken(r, tok, row[tok] - lse, top, tl);
          }
          if (s.stopCondition() != null
              && s.stopCondition()
                  .shouldStop(r, out.get(r).stream().mapToInt(Integer::intValue).toArray())) {
            finish[r] = "stop";
          } else if (out.get(r).size() >= budget) {
            finish[r] = "length";
          } else {
            anyActive = true;
          }
          next[r][0] = tok;
          nextPos[r][0] = past - pad[r];
        }
        if (!anyActive) {
          break;
        }
        if (decoder != null) {
          logits = decoder.step(next, nextPos, pad, past);
        } else {
          try (NDManager m = manager.newSubManager()) {
            NDArray hid =
                hidden(m, next, nextPos, causalMask(m, pad, 1, past), cache, null, s.hook());
            logits = head(hid).toFloatArray();
          }
        }
        past++;
      }
    }
    List<GeneratedSequence> result = new ArrayList<>();
    for (int r = 0; r < b; r++) {
      int n = out.get(r).size();
      float[] lp = new float[n];
      for (int i = 0; i < n; i++) {
        lp[i] = outLp.get(r).get(i);
      }
      result.add(
          new GeneratedSequence(
              out.get(r).stream().mapToInt(Integer::intValue).toArray(),
              lp,
              outTop.get(r).toArray(new int[0][]),
              outTopLp.get(r).toArray(new float[0][]),
              finish[r]));
    }
    return result;
  }

  /**
   * {@link SequenceLogprobs} of one sequence: each token's log-probability given the tokens before
   * it, and the {@code topK} most likely tokens at each position (0: none), from one pass. Holds
   * the sequence's [T, vocab] logits at once.
   */
  public synchronized SequenceLogprobs sequenceLogprobs(
      int[] tokens, int topK, ActivationHook hook) {
    float[][] logits = logits(List.of(tokens), hook)[0];
    int t = tokens.length;
    float[] lps = new float[t];
    int[][] top = new int[t][];
    float[][] topLps = new float[t][];
    lps[0] = Float.NaN;
    top[0] = new int[0];
    topLps[0] = new float[0];
    for (int p = 1; p < t; p++) {
      float[] row = logits[p - 1];
      float lse = Sampler.logSumExp(row);
      lps[p] = row[tokens[p]] - lse;
      top[p] = topK > 0 ? Sampler.topK(row, topK) : new int[0];
      topLps[p] = new float[top[p].length];
      for (int i = 0; i < top[p].length; i++) {
        topLps[p][i] = row[top[p][i]] - lse;
      }
    }
    return new SequenceLogprobs(lps, top, topLps);
  }

  private static long mix(long seed, int row) {
    return Seeds.mix(seed + 0x9E3779B97F4A7C15L * (row + 1));
  }

  @Override
  public synchronized void close() {
    if (lora != null) {
      lora.close();
    }
    manager.close();
  }
}
