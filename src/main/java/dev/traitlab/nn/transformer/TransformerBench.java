package dev.traitlab.nn.transformer;

import dev.traitlab.nn.mkl.MklGemm;
import dev.traitlab.nn.train.TrainingExample;
import dev.traitlab.nn.train.TrainingSettings;
import dev.traitlab.nn.train.TransformerTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Throughput of training (tokens/s through forward, backward and AdamW) and of KV-cache sampling
 * (new tokens/s), for the side-by-side with PyTorch eager in bench/transformer. Arguments are
 * key=value pairs; with out=DIR it also writes the model and the logits of a probe batch there so
 * the peer can check it computes the same function.
 */
public final class TransformerBench {
  private TransformerBench() {}

  public static void main(String[] args) throws Exception {
    java.util.Map<String, String> a = new java.util.HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      a.put(kv[0], kv[1]);
    }
    TransformerConfig c =
        TransformerConfig.builder()
            .optModelType(a.getOrDefault("model_type", "llama"))
            .optVocabSize(Integer.parseInt(a.getOrDefault("vocab", "4096")))
            .optHiddenSize(Integer.parseInt(a.getOrDefault("hidden", "256")))
            .optIntermediateSize(Integer.parseInt(a.getOrDefault("intermediate", "704")))
            .optNumHiddenLayers(Integer.parseInt(a.getOrDefault("layers", "4")))
            .optNumAttentionHeads(Integer.parseInt(a.getOrDefault("heads", "8")))
            .optNumKeyValueHeads(Integer.parseInt(a.getOrDefault("kv_heads", "4")))
            .optMaxPositionEmbeddings(512)
            .optTieWordEmbeddings(true)
            .build();
    int batch = Integer.parseInt(a.getOrDefault("batch", "16"));
    int seq = Integer.parseInt(a.getOrDefault("seq", "128"));
    int steps = Integer.parseInt(a.getOrDefault("steps", "20"));
    int genBatch = Integer.parseInt(a.getOrDefault("gen_batch", "8"));
    int prompt = Integer.parseInt(a.getOrDefault("prompt", "16"));
    int newTokens = Integer.parseInt(a.getOrDefault("new_tokens", "64"));
    String only = a.getOrDefault("only", "all");
    // autograd=no skips the DJL autograd comparison (for a profile of the default path alone).
    String[] trainPaths =
        a.getOrDefault("autograd", "yes").equals("no")
            ? new String[] {""}
            : new String[] {"", "djl"};
    SplittableRandom rng = new SplittableRandom(0);
    try (TransformerModel model = TransformerModel.create(c, 0)) {
      System.out.printf(
          Locale.ROOT,
          "traitlab model: %d parameters, %s; MKL code path: %s%n",
          model.parameterCount(),
          c,
          MklGemm.codePath());
      if (a.containsKey("out")) {
        Path out = Path.of(a.get("out"));
        // Weights well away from the 0.02 init, and non-zero biases, so every path shows in the
        // logits the peer compares.
        for (var e : model.weights().entrySet()) {
          if (e.getValue().getShape().dimension() == 2) {
            e.getValue().muli(10);
          } else {
            float[] v = new float[(int) e.getValue().size()];
            for (int i = 0; i < v.length; i++) {
              v[i] =
                  (float)
                      (e.getKey().endsWith("bias")
                          ? 0.3 * rng.nextGaussian()
                          : 1 + 0.3 * rng.nextGaussian());
            }
            e.getValue().set(v);
          }
        }
        model.save(out);
        int[][] probe = new int[2][12];
        for (int[] row : probe) {
          for (int i = 0; i < row.length; i++) {
            row[i] = rng.nextInt(c.vocabSize());
          }
        }
        float[][][] logits = model.logits(probe);
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < probe.length; r++) {
          sb.append(java.util.Arrays.toString(probe[r])).append('\n');
        }
        for (float[][] row : logits) {
          for (float[] pos : row) {
            sb.append(pos[0])
                .append(' ')
                .append(pos[1])
                .append(' ')
                .append(pos[c.vocabSize() - 1])
                .append('\n');
          }
        }
        Files.writeString(out.resolve("probe.txt"), sb.toString());
      }
      if (!only.equals("sample")) {
        List<TrainingExample> data = new ArrayList<>();
        int warm = 3;
        for (int i = 0; i < batch * (steps + warm); i++) {
          int[] t = new int[seq];
          for (int j = 0; j < seq; j++) {
            t[j] = rng.nextInt(c.vocabSize());
          }
          data.add(TrainingExample.allTokens(t));
        }
        TrainingSettings warmS =
            TrainingSettings.builder()
                .optBatchSize(batch)
                .optLearningRate(1e-4)
                .optMaxSequenceLength(seq)
                .build();
        // The default path (the hand-written step where it applies), then DJL autograd throughout.
        for (String path : trainPaths) {
          if (!path.isEmpty()) {
            System.setProperty("traitlab.trainer", path);
          }
          TransformerTrainer.train(model, data.subList(0, batch * warm), warmS, null);
          var r =
              TransformerTrainer.train(model, data.subList(batch * warm, data.size()), warmS, null);
          System.out.printf(
              Locale.ROOT,
              "traitlab train%s: %d steps of %dx%d tokens in %.2f s = %.0f tokens/s (final loss"
                  + " %.3f)%n",
              path.isEmpty() ? "" : " (DJL autograd)",
              steps,
              batch,
              seq,
              r.seconds(),
              r.tokens() / r.seconds(),
              r.finalLoss());
        }
        System.clearProperty("traitlab.trainer");
      }
      if (!only.equals("train")) {
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < genBatch; i++) {
          int[] p = new int[prompt];
          for (int j = 0; j < prompt; j++) {
            p[j] = rng.nextInt(c.vocabSize());
          }
          prompts.add(p);
        }
        GenerationSettings gs =
            GenerationSettings.builder()
                .optMaxTokens(newTokens)
                .optTemperature(1)
                .optSeed(1)
                .build();
        int reps = Integer.parseInt(a.getOrDefault("gen_reps", "10"));
        // The default path (StepDecoder, when MKL is found), then every step through DJL ops.
        for (String path : new String[] {"", "djl"}) {
          if (!path.isEmpty()) {
            System.setProperty("traitlab.decoder", path);
          }
          // One full untimed call first (the peer does the same): the JIT compiles the decoder.
          model.generate(prompts, gs);
          long t0 = System.nanoTime();
          long produced = 0;
          for (int i = 0; i < reps; i++) {
            for (GeneratedSequence g : model.generate(prompts, gs)) {
              produced += g.tokens().length;
            }
          }
          double secs = (System.nanoTime() - t0) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "traitlab sample%s: %d new tokens (batch %d, prompt %d) in %.2f s = %.0f tokens/s%n",
              path.isEmpty()
                  ? (StepDecoder.available() ? "" : " (DJL ops: MKL not found)")
                  : " (every step through DJL ops)",
              produced,
              genBatch,
              prompt,
              secs,
              produced / secs);
        }
        System.clearProperty("traitlab.decoder");
      }
    }
  }
}
