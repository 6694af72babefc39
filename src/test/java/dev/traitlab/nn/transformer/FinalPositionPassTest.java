package dev.traitlab.nn.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import org.junit.jupiter.api.Test;

class FinalPositionPassTest {
  private static TransformerModel model(int layers, boolean tied) {
    return TransformerModel.create(
        TransformerConfig.builder()
            .optVocabSize(40)
            .optHiddenSize(16)
            .optIntermediateSize(24)
            .optNumHiddenLayers(layers)
            .optNumAttentionHeads(4)
            .optNumKeyValueHeads(2)
            .optMaxPositionEmbeddings(16)
            .optTieWordEmbeddings(tied)
            .optHiddenAct(TransformerConfig.GELU)
            .build(),
        3);
  }

  private static final int[][] ROWS = {{1, 5, 9, 2, 7}, {3, 3, 8, 0, 39}, {12, 4, 6, 30, 11}};
  private static final int[] TARGETS = {4, 17, 22};

  @Test
  void matchesTheFullPassAtTheLastPosition() {
    for (int layers : new int[] {1, 3}) {
      try (TransformerModel m = model(layers, true)) {
        float[][][] full = m.logits(ROWS);
        FinalPositionPass.Output o = new FinalPositionPass(m).run(ROWS, TARGETS, true, false);
        for (int r = 0; r < ROWS.length; r++) {
          float[] last = full[r][ROWS[r].length - 1];
          int best = 0;
          for (int v = 1; v < last.length; v++) {
            best = last[v] > last[best] ? v : best;
          }
          assertEquals(best, o.argmax()[r]);
          assertEquals(last[TARGETS[r]], o.targetLogits()[r], 1e-5);
        }
        assertEquals(ROWS.length * 16, o.hidden().length);
      }
    }
  }

  @Test
  void embeddingGradientsMatchFiniteDifferences() {
    // Untied, so the input embedding reaches the target logit only through the input: perturbing
    // the embedding row of a token that occurs once in a row moves that row's logit by the
    // gradient at its position.
    try (TransformerModel m = model(2, false)) {
      FinalPositionPass pass = new FinalPositionPass(m);
      float[] g = pass.run(ROWS, TARGETS, false, true).embeddingGradients();
      NDArray e = m.weights().get("model.embed_tokens.weight");
      int row = 2;
      int pos = 1;
      int token = ROWS[row][pos];
      double eps = 1e-2;
      for (int k : new int[] {0, 7, 15}) {
        float old = e.getFloat(token, k);
        e.set(new NDIndex(token + "," + k), old + eps);
        float up = pass.run(ROWS, TARGETS, false, false).targetLogits()[row];
        e.set(new NDIndex(token + "," + k), old - eps);
        float down = pass.run(ROWS, TARGETS, false, false).targetLogits()[row];
        e.set(new NDIndex(token + "," + k), old);
        double fd = (up - down) / (2 * eps);
        assertEquals(fd, g[(row * 5 + pos) * 16 + k], 2e-3 + 0.02 * Math.abs(fd));
      }
    }
  }

  @Test
  void geluIsTheExactErfForm() {
    try (TransformerModel m = model(1, true)) {
      float[] x = {-2f, -0.5f, 0f, 1.3f};
      float[] y = m.activation(ai.djl.ndarray.NDManager.newBaseManager().create(x)).toFloatArray();
      float[] want = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        want[i] =
            (float)
                (0.5 * x[i] * (1 + org.apache.commons.math3.special.Erf.erf(x[i] / Math.sqrt(2))));
      }
      assertArrayEquals(want, y, 1e-6f);
    }
  }

  @Test
  void raggedRowsAndGradientsWithoutTargetsAreRejected() {
    try (TransformerModel m = model(1, true)) {
      FinalPositionPass pass = new FinalPositionPass(m);
      assertThrows(
          IllegalArgumentException.class,
          () -> pass.run(new int[][] {{1, 2}, {3}}, null, false, false));
      assertThrows(IllegalArgumentException.class, () -> pass.run(ROWS, null, false, true));
      assertThrows(
          IllegalArgumentException.class,
          () -> pass.run(new int[][] {{1, 40}}, null, false, false));
    }
  }
}
