package dev.traitlab.nn.train;

import java.util.List;

/**
 * Examples as one right-padded batch: tokens [rows, T] (padding 0) and the loss mask [rows, T]
 * (false on padding and on entry 0, which has no context), T the longest row and at least 2.
 */
record PaddedBatch(int[][] tokens, boolean[][] mask) {

  static PaddedBatch of(List<TrainingExample> rows) {
    int len = Math.max(2, rows.stream().mapToInt(e -> e.tokens().length).max().orElse(2));
    int[][] toks = new int[rows.size()][len];
    boolean[][] mask = new boolean[rows.size()][len];
    for (int r = 0; r < rows.size(); r++) {
      TrainingExample e = rows.get(r);
      System.arraycopy(e.tokens(), 0, toks[r], 0, e.tokens().length);
      System.arraycopy(e.lossMask(), 0, mask[r], 0, e.lossMask().length);
      mask[r][0] = false;
    }
    return new PaddedBatch(toks, mask);
  }

  /** Tokens that are targets, padding excluded. */
  long targets() {
    long n = 0;
    for (boolean[] row : mask) {
      for (boolean m : row) {
        n += m ? 1 : 0;
      }
    }
    return n;
  }
}
