package dev.traitlab.nn.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.traitlab.nn.NativeArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Log-probabilities of continuations after prompts, computing what rows share only once. Three
 * kinds of pass, each attending to the keys and values of the ones before ({@link PastKeys}):
 *
 * <ol>
 *   <li>the prefix common to all prompts of the call, one row (a few-shot primer shared by every
 *       question is computed once per call, not once per answer);
 *   <li>the rest of each distinct prompt, one row per prompt, whose last position predicts the
 *       first token of each of its continuations;
 *   <li>the continuations' own tokens (all but the last), one row per continuation, attending to
 *       the shared prefix and to their prompt's row of pass 2.
 * </ol>
 *
 * <p>Entry [r][i] is log p(continuation_r[i] | prompt_r, continuation_r[0..i)), equal to scoring
 * prompt + continuation as one sequence up to float rounding: same tokens, same positions, and the
 * hooks (steering) act per position. Passes 2 and 3 are split into chunks of rows within a {@link
 * Budget}.
 */
final class ContinuationScorer {

  /**
   * Upper bounds for one pass: tokens (rows x length), attention scores (rows x heads x length x
   * keys), logits (rows x positions x vocab) and gathered past keys and values (rows x keys x
   * layers x 2 x key/value width), all in elements.
   */
  record Budget(long tokens, long scores, long logits, long past) {
    static final Budget DEFAULT = new Budget(1 << 13, 1 << 22, 1 << 25, 1 << 24);
  }

  private final TransformerModel model;
  private final ActivationHook hook;
  private final Budget budget;
  private final List<int[]> continuations;
  private final float[][] out;
  private final int layers;
  private final int heads;
  private final int vocab;
  private final int hidden;
  private final long kvWidth;

  private ContinuationScorer(
      TransformerModel model, List<int[]> continuations, ActivationHook hook, Budget budget) {
    TransformerConfig c = model.config();
    this.model = model;
    this.hook = hook;
    this.budget = budget;
    this.continuations = continuations;
    this.out = new float[continuations.size()][];
    this.layers = c.numHiddenLayers();
    this.heads = c.numAttentionHeads();
    this.vocab = c.vocabSize();
    this.hidden = c.hiddenSize();
    this.kvWidth = (long) c.numKeyValueHeads() * c.headDim();
  }

  /** Scores continuation r after prompt r (prompts non-empty, ids checked by the caller). */
  static List<float[]> score(
      TransformerModel model,
      List<int[]> prompts,
      List<int[]> continuations,
      ActivationHook hook,
      Budget budget) {
    return new ContinuationScorer(model, continuations, hook, budget).run(prompts);
  }

  /** A prompt's ids as a map key. */
  private record Ids(int[] ids) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Ids other && Arrays.equals(ids, other.ids);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(ids);
    }
  }

  private List<float[]> run(List<int[]> prompts) {
    // Distinct prompts in order of first appearance, with the rows that continue each.
    Map<Ids, Integer> seen = new HashMap<>();
    List<int[]> distinct = new ArrayList<>();
    List<List<Integer>> rowsOf = new ArrayList<>();
    for (int r = 0; r < prompts.size(); r++) {
      if (continuations.get(r).length == 0) {
        out[r] = new float[0];
        continue;
      }
      Integer id = seen.get(new Ids(prompts.get(r)));
      if (id == null) {
        id = distinct.size();
        seen.put(new Ids(prompts.get(r)), id);
        distinct.add(prompts.get(r));
        rowsOf.add(new ArrayList<>());
      }
      rowsOf.get(id).add(r);
    }
    if (distinct.isEmpty()) {
      return Arrays.asList(out);
    }
    int shared = sharedPrefix(distinct);
    KvCache prefix = shared > 0 ? new KvCache(model.manager(), layers) : null;
    try {
      PastKeys past = PastKeys.none();
      if (prefix != null) {
        try (NDManager m = model.manager().newSubManager()) {
          int[][] tokens = {Arrays.copyOf(distinct.get(0), shared)};
          pass(m, tokens, new int[] {0}, prefix, null);
        }
        past = past.thenShared(prefix);
      }
      // Prompts by length, so that a pass pads little.
      List<Integer> order = byLength(distinct.size(), i -> distinct.get(i).length);
      List<int[]> sorted = order.stream().map(distinct::get).toList();
      List<List<Integer>> rows = order.stream().map(rowsOf::get).toList();
      for (int[] range :
          ranges(
              sorted.size(),
              i -> sorted.get(i).length - shared,
              (n, t) ->
                  (long) n * t <= budget.tokens()
                      && (long) n * heads * t * (shared + t) <= budget.scores()
                      && (long) n * vocab <= budget.logits())) {
        scorePrompts(
            sorted.subList(range[0], range[1]), rows.subList(range[0], range[1]), shared, past);
      }
    } finally {
      if (prefix != null) {
        prefix.close();
      }
    }
    return Arrays.asList(out);
  }

  /** Pass 2 for some distinct prompts (after the shared prefix), then pass 3 for their rows. */
  private void scorePrompts(
      List<int[]> prompts, List<List<Integer>> rowsOf, int shared, PastKeys past) {
    int n = prompts.size();
    int[][] tokens = new int[n][];
    int[] start = new int[n];
    int[] lengths = new int[n];
    for (int p = 0; p < n; p++) {
      tokens[p] = Arrays.copyOfRange(prompts.get(p), shared, prompts.get(p).length);
      start[p] = shared;
      lengths[p] = tokens[p].length;
    }
    int t = Arrays.stream(lengths).max().orElseThrow();
    try (KvCache own = new KvCache(model.manager(), layers)) {
      try (NDManager m = model.manager().newSubManager()) {
        int[][] padded = rightPad(tokens, t);
        NDArray hid = pass(m, padded, start, own, past);
        // Each prompt's last position predicts the first token of its continuations.
        long[] last = new long[n * hidden];
        for (int p = 0; p < n; p++) {
          Arrays.fill(last, p * hidden, (p + 1) * hidden, lengths[p] - 1);
        }
        NDArray atLast = hid.gather(NativeArrays.of(m, last, new Shape(n, 1, hidden)), 1);
        float[] lp = model.head(atLast).logSoftmax(2).toFloatArray();
        for (int p = 0; p < n; p++) {
          for (int row : rowsOf.get(p)) {
            out[row] = new float[continuations.get(row).length];
            out[row][0] = lp[p * vocab + continuations.get(row)[0]];
          }
        }
      }
      // Rows whose continuation has tokens after the first, with the prompt each continues, by
      // length.
      List<Integer> unsorted = new ArrayList<>();
      List<Integer> promptOfUnsorted = new ArrayList<>();
      for (int p = 0; p < n; p++) {
        for (int row : rowsOf.get(p)) {
          if (continuations.get(row).length > 1) {
            unsorted.add(row);
            promptOfUnsorted.add(p);
          }
        }
      }
      List<Integer> order =
          byLength(unsorted.size(), i -> continuations.get(unsorted.get(i)).length);
      List<Integer> rows = order.stream().map(unsorted::get).toList();
      List<Integer> promptOf = order.stream().map(promptOfUnsorted::get).toList();
      int keys = shared + t;
      for (int[] range :
          ranges(
              rows.size(),
              i -> continuations.get(rows.get(i)).length - 1,
              (r, len) ->
                  (long) r * len <= budget.tokens()
                      && (long) r * heads * len * (keys + len) <= budget.scores()
                      && (long) r * len * vocab <= budget.logits()
                      && (long) r * t * layers * 2 * kvWidth <= budget.past())) {
        int[] prompt = new int[range[1] - range[0]];
        int[] startAt = new int[prompt.length];
        for (int i = 0; i < prompt.length; i++) {
          prompt[i] = promptOf.get(range[0] + i);
          startAt[i] = shared + lengths[prompt[i]];
        }
        scoreRows(rows.subList(range[0], range[1]), startAt, past, own, prompt, lengths);
      }
    }
  }

  /** Pass 3: tokens 1.. of some continuations, each after its prompt's keys in {@code own}. */
  private void scoreRows(
      List<Integer> rows, int[] start, PastKeys past, KvCache own, int[] prompt, int[] lengths) {
    int r = rows.size();
    int[][] inputs = new int[r][];
    for (int i = 0; i < r; i++) {
      int[] c = continuations.get(rows.get(i));
      inputs[i] = Arrays.copyOf(c, c.length - 1);
    }
    int t = Arrays.stream(inputs).mapToInt(a -> a.length).max().orElseThrow();
    long[] targets = new long[r * t];
    for (int i = 0; i < r; i++) {
      int[] c = continuations.get(rows.get(i));
      for (int j = 1; j < c.length; j++) {
        targets[i * t + j - 1] = c[j];
      }
    }
    try (NDManager m = model.manager().newSubManager()) {
      int[][] padded = rightPad(inputs, t);
      NDArray hid = pass(m, padded, start, null, past.thenRows(m, own, prompt, lengths));
      float[] lp =
          model
              .head(hid)
              .logSoftmax(2)
              .gather(NativeArrays.of(m, targets, new Shape(r, t, 1)), 2)
              .toFloatArray();
      for (int i = 0; i < r; i++) {
        float[] dest = out[rows.get(i)];
        System.arraycopy(lp, i * t, dest, 1, dest.length - 1);
      }
    }
  }

  /**
   * Hidden states of right-padded rows, row r from position {@code start[r]} on, attending to
   * {@code past} (null: none) and causally to themselves; {@code cache} (null: none) records their
   * keys and values.
   */
  private NDArray pass(NDManager m, int[][] padded, int[] start, KvCache cache, PastKeys past) {
    int[][] pos = new int[padded.length][padded[0].length];
    for (int r = 0; r < padded.length; r++) {
      for (int i = 0; i < pos[r].length; i++) {
        pos[r][i] = start[r] + i;
      }
    }
    return model.hidden(
        m, padded, pos, model.causalMask(m, null, padded[0].length, 0), cache, past, hook);
  }

  /** Length of the prefix all prompts share, leaving each at least its last token. */
  static int sharedPrefix(List<int[]> prompts) {
    int[] first = prompts.get(0);
    int shared = first.length - 1;
    for (int[] p : prompts) {
      shared = Math.min(shared, p.length - 1);
      int i = 0;
      while (i < shared && p[i] == first[i]) {
        i++;
      }
      shared = i;
    }
    return shared;
  }

  /** Indices 0..count-1 ordered by length (stable). */
  private static List<Integer> byLength(int count, IntUnaryOperator length) {
    List<Integer> order = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      order.add(i);
    }
    order.sort(java.util.Comparator.comparingInt(length::applyAsInt));
    return order;
  }

  /** Whether a pass of {@code rows} rows of at most {@code length} tokens fits the budget. */
  @FunctionalInterface
  private interface Fits {
    boolean test(int rows, int length);
  }

  /**
   * Consecutive ranges [from, to) covering items 0..count-1, each as long as its rows fit (a range
   * holds at least one item).
   */
  private static List<int[]> ranges(int count, IntUnaryOperator length, Fits fits) {
    List<int[]> out = new ArrayList<>();
    if (count == 0) {
      return out;
    }
    int from = 0;
    int longest = 0;
    for (int i = 0; i < count; i++) {
      int longer = Math.max(longest, length.applyAsInt(i));
      if (i > from && !fits.test(i - from + 1, longer)) {
        out.add(new int[] {from, i});
        from = i;
        longer = length.applyAsInt(i);
      }
      longest = longer;
    }
    out.add(new int[] {from, count});
    return out;
  }

  private static int[][] rightPad(int[][] rows, int length) {
    int[][] out = new int[rows.length][length];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, out[r], 0, rows[r].length);
    }
    return out;
  }
}
