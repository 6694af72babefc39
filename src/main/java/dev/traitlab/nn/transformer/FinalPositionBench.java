package dev.traitlab.nn.transformer;

import dev.traitlab.core.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Throughput of {@link FinalPositionPass} on the rare-outputs models, for the side-by-side with
 * PyTorch eager in bench/rare-outputs: argmax rows per second (the pass that exact enumeration,
 * naive sampling, MHIS and the activation samples of QLD and GLD make) and gradient rows per second
 * (ITGIS's pass: target logit and its gradient with respect to every input embedding).
 *
 * <p>Arguments are key=value pairs:
 *
 * <ul>
 *   <li>{@code write=DIR layers=L [seed=S]}: writes a model of the rare-outputs default config
 *       (gated GELU, width 32, 4 heads, MLP 96, 512 tokens, tied embeddings) with random weights
 *       scaled well away from the initialisation, for a bench without trained models;
 *   <li>{@code probe=DIR model=DIR [seq=6] [rows=512]}: writes {@code probe.json} into DIR: random
 *       rows, their argmax, a random target's logit, the last position's full logits of the first
 *       16 rows ({@link TransformerModel#logits}) and the embedding gradients of those 16 rows, so
 *       the peer can check it computes the same function;
 *   <li>{@code models=DIR,DIR,... [seq=6] [batch=4096] [grad_batch=2048] [seconds=2]}: times each
 *       model, one line per pass: {@code traitlab argmax layers=L: ... = X rows/s}.
 * </ul>
 *
 * Batches are the experiment's defaults: 4096 rows per argmax call (its engine batch), 2048 per
 * gradient call (8 targets x 256 ITGIS draws).
 */
public final class FinalPositionBench {
  private static final int PROBE_DETAIL_ROWS = 16;

  private FinalPositionBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("final-position bench: expected key=value, got " + arg);
      }
      a.put(kv[0], kv[1]);
    }
    int seq = Integer.parseInt(a.getOrDefault("seq", "6"));
    if (a.containsKey("write")) {
      write(
          Path.of(a.get("write")),
          Integer.parseInt(a.getOrDefault("layers", "1")),
          Long.parseLong(a.getOrDefault("seed", "0")));
    } else if (a.containsKey("probe")) {
      probe(
          Path.of(a.get("probe")),
          Path.of(a.get("model")),
          seq,
          Integer.parseInt(a.getOrDefault("rows", "512")));
    } else if (a.containsKey("models")) {
      for (String dir : a.get("models").split(",")) {
        time(
            Path.of(dir),
            seq,
            Integer.parseInt(a.getOrDefault("batch", "4096")),
            Integer.parseInt(a.getOrDefault("grad_batch", "2048")),
            Double.parseDouble(a.getOrDefault("seconds", "2")));
      }
    } else {
      throw new IllegalArgumentException("final-position bench: need write=, probe= or models=");
    }
  }

  /** The rare-outputs experiment's default model config at {@code layers} layers. */
  static TransformerConfig rareOutputsConfig(int layers) {
    return TransformerConfig.builder()
        .optVocabSize(512)
        .optHiddenSize(32)
        .optNumHiddenLayers(layers)
        .optNumAttentionHeads(4)
        .optNumKeyValueHeads(4)
        .optIntermediateSize(96)
        .optMaxPositionEmbeddings(64)
        .optTieWordEmbeddings(true)
        .optHiddenAct(TransformerConfig.GELU)
        .build();
  }

  private static void write(Path dir, int layers, long seed) {
    try (TransformerModel model = TransformerModel.create(rareOutputsConfig(layers), seed)) {
      // The 0.02 initialisation leaves logits nearly flat, so that argmaxes would hinge on
      // rounding; weights of the scale training gives make the agreement check mean something.
      SplittableRandom rng = new SplittableRandom(seed);
      for (var e : model.weights().entrySet()) {
        float[] v = new float[(int) e.getValue().size()];
        boolean norm = e.getKey().endsWith("norm.weight");
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (norm ? 1 + 0.2 * rng.nextGaussian() : 0.3 * rng.nextGaussian());
        }
        e.getValue().set(v);
      }
      model.save(dir);
    }
  }

  /** What the peer compares, as probe.json. */
  record Probe(
      int[][] rows,
      int[] targets,
      int[] argmax,
      float[] targetLogits,
      float[][] logits,
      float[] gradients) {}

  private static void probe(Path out, Path modelDir, int seq, int n) {
    try (TransformerModel model = TransformerModel.load(modelDir)) {
      SplittableRandom rng = new SplittableRandom(7);
      int v = model.config().vocabSize();
      int[][] rows = randomRows(rng, n, seq, v);
      int[] targets = new int[n];
      for (int r = 0; r < n; r++) {
        targets[r] = rng.nextInt(v);
      }
      FinalPositionPass pass = new FinalPositionPass(model);
      FinalPositionPass.Output o = pass.run(rows, targets, false, false);
      int d = Math.min(PROBE_DETAIL_ROWS, n);
      int[][] detail = java.util.Arrays.copyOf(rows, d);
      float[][][] full = model.logits(detail);
      float[][] last = new float[d][];
      for (int r = 0; r < d; r++) {
        last[r] = full[r][seq - 1];
      }
      FinalPositionPass.Output g =
          pass.run(detail, java.util.Arrays.copyOf(targets, d), false, true);
      Json.write(
          out.resolve("probe.json"),
          new Probe(rows, targets, o.argmax(), o.targetLogits(), last, g.embeddingGradients()));
    }
  }

  private static void time(Path dir, int seq, int batch, int gradBatch, double seconds) {
    try (TransformerModel model = TransformerModel.load(dir)) {
      TransformerConfig c = model.config();
      FinalPositionPass pass = new FinalPositionPass(model);
      SplittableRandom rng = new SplittableRandom(1);
      // A few distinct batches, drawn before the clock starts, cycled through.
      List<int[][]> rows = new ArrayList<>();
      List<int[][]> gradRows = new ArrayList<>();
      List<int[]> targets = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        rows.add(randomRows(rng, batch, seq, c.vocabSize()));
        gradRows.add(randomRows(rng, gradBatch, seq, c.vocabSize()));
        int[] t = new int[gradBatch];
        for (int r = 0; r < gradBatch; r++) {
          t[r] = rng.nextInt(c.vocabSize());
        }
        targets.add(t);
      }
      String what = String.format(Locale.ROOT, "layers=%d", c.numHiddenLayers());
      report(
          "argmax",
          what,
          batch,
          seq,
          seconds,
          i -> pass.run(rows.get(i % rows.size()), null, false, false));
      report(
          "gradient",
          what,
          gradBatch,
          seq,
          seconds,
          i ->
              pass.run(
                  gradRows.get(i % gradRows.size()), targets.get(i % targets.size()), false, true));
    }
  }

  private static void report(
      String pass,
      String what,
      int batch,
      int seq,
      double seconds,
      java.util.function.IntConsumer call) {
    for (int i = 0; i < 3; i++) {
      call.accept(i); // warm-up: native kernels, allocator pools, JIT
    }
    long t0 = System.nanoTime();
    int calls = 0;
    double secs;
    do {
      call.accept(calls++);
      secs = (System.nanoTime() - t0) / 1e9;
    } while (secs < seconds || calls < 3);
    System.out.printf(
        Locale.ROOT,
        "traitlab %s %s: %d calls of %dx%d in %.2f s = %.0f rows/s%n",
        pass,
        what,
        calls,
        batch,
        seq,
        secs,
        (double) calls * batch / secs);
  }

  private static int[][] randomRows(SplittableRandom rng, int n, int seq, int vocab) {
    int[][] rows = new int[n][seq];
    for (int[] row : rows) {
      for (int p = 0; p < seq; p++) {
        row[p] = rng.nextInt(vocab);
      }
    }
    return rows;
  }
}
