package dev.traitlab.nn.mlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.traitlab.nn.mkl.MklGemm;
import dev.traitlab.nn.mkl.RowWorkers;
import dev.traitlab.nn.train.AdamStepper;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-written MKL passes of {@link MklMlpStack} against finite differences and against DJL's
 * autograd and Adam ({@link BatchedMlp}, {@link Losses}, {@link AdamStepper}) on the same weights.
 * Eight models in four input batches (two variants each: enough batches that every pass splits
 * among two threads, when the machine has them), a hidden layer of 20 (products as they are) and
 * four logits (products transposed, see MklMlpStack's THIN_OUTPUT) (a product thinner than 8, where
 * MKL's bits depend on alignment), batches shorter than the stack's maximum.
 */
class MklMlpStackTest {
  private static final int[] WIDTHS = {5, 7, 20, 4};
  private static final int MODELS = 8;
  private static final int GROUPS = 4;
  private static final int ROWS = 5;
  private static final int MAX_BATCH = 8;
  private static final int CLASSES = 3;
  // Models 0-2 are distilled on logits [3, 4), 3-5 on [1, 4), 6-7 on all.
  private static final int[] FROM = {3, 3, 3, 1, 1, 1, 0, 0};
  private NDManager manager;

  @BeforeEach
  void open() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        MklGemm.available(), "MKL SGEMM not found in libtorch");
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
  }

  private static float[] uniform(long seed, int n, double bound) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble(-bound, bound);
    }
    return v;
  }

  private static List<float[]> initialParameters() {
    List<float[]> p = new ArrayList<>();
    for (int l = 0; l < WIDTHS.length - 1; l++) {
      double bound = 1 / Math.sqrt(WIDTHS[l]);
      p.add(uniform(10 + l, MODELS * WIDTHS[l] * WIDTHS[l + 1], bound));
      p.add(uniform(20 + l, MODELS * WIDTHS[l + 1], bound));
    }
    return p;
  }

  private static final float[] INPUT = uniform(1, GROUPS * ROWS * WIDTHS[0], 1);
  private static final int[] LABELS = {0, 2, 1, 1, 0, 2, 2, 0, 1, 0, 1, 1, 2, 0, 0, 2, 1, 0, 2, 2};
  // Teacher logits of each input batch (G, B, out), spread so that the softmaxes are not flat.
  private static final float[] TEACHER = uniform(2, GROUPS * ROWS * WIDTHS[3], 3);

  private static MklMlpStack stack(List<float[]> parameters) {
    MklMlpStack s = MklMlpStack.of(parameters, WIDTHS, GROUPS, MAX_BATCH);
    MemorySegment.copy(INPUT, 0, s.input(), ValueLayout.JAVA_FLOAT, 0, INPUT.length);
    return s;
  }

  private static MemorySegment teacher(Arena arena) {
    MemorySegment t = arena.allocate(4L * TEACHER.length, 64);
    MemorySegment.copy(TEACHER, 0, t, ValueLayout.JAVA_FLOAT, 0, TEACHER.length);
    return t;
  }

  /** Cross-entropy of every model's first CLASSES logits (labels of its input batch), summed. */
  private static double crossEntropy(MklMlpStack s) {
    s.forward(ROWS, false);
    return s.crossEntropy(LABELS, CLASSES);
  }

  /** KL from the teacher rows of each model's input batch over logits [FROM[m], 4), summed. */
  private static double distillation(MklMlpStack s, MemorySegment teacher) {
    s.forward(ROWS, false);
    return s.distillation(teacher, FROM);
  }

  /** Adam steps alternating cross-entropy (even steps) and distillation (odd steps). */
  private static void train(MklMlpStack s, MemorySegment teacher, int steps, double lr) {
    for (int step = 0; step < steps; step++) {
      if (step % 2 == 1) {
        distillation(s, teacher);
      } else {
        crossEntropy(s);
      }
      s.backward();
      s.adamStep(lr);
    }
  }

  @Test
  void crossEntropyGradientsMatchFiniteDifferences() {
    checkFiniteDifferences(MklMlpStackTest::crossEntropy);
  }

  @Test
  void distillationGradientsMatchFiniteDifferences() {
    try (Arena arena = Arena.ofShared()) {
      MemorySegment t = teacher(arena);
      checkFiniteDifferences(s -> distillation(s, t));
    }
  }

  /**
   * Central differences in float32: a step of 1e-3 keeps the truncation error near 1e-6 while the
   * loss's float rounding (about 1e-7 of a loss near 1) costs about 1e-4 after dividing by 2e-3;
   * the tolerance allows for both. A layout slip (wrong model, wrong transposition) is off by the
   * gradient itself, which the check below makes sure is large enough to show.
   */
  private void checkFiniteDifferences(ToDoubleFunction<MklMlpStack> loss) {
    List<float[]> params = initialParameters();
    List<float[]> analytic;
    try (MklMlpStack s = stack(params)) {
      loss.applyAsDouble(s);
      s.backward();
      analytic = s.gradients();
    }
    float h = 1e-3f;
    SplittableRandom pick = new SplittableRandom(5);
    double largest = 0;
    for (int p = 0; p < params.size(); p++) {
      for (int trial = 0; trial < 12; trial++) {
        int i = pick.nextInt(params.get(p).length);
        float original = params.get(p)[i];
        params.get(p)[i] = original + h;
        double up;
        try (MklMlpStack s = stack(params)) {
          up = loss.applyAsDouble(s);
        }
        params.get(p)[i] = original - h;
        double down;
        try (MklMlpStack s = stack(params)) {
          down = loss.applyAsDouble(s);
        }
        params.get(p)[i] = original;
        double numeric = (up - down) / (2 * h);
        largest = Math.max(largest, Math.abs(numeric));
        assertEquals(
            numeric,
            analytic.get(p)[i],
            5e-4 + 1e-2 * Math.abs(numeric),
            "parameter array " + p + " at " + i);
      }
    }
    assertTrue(largest > 0.05, "gradients too small to test: largest " + largest);
  }

  /** DJL's logits and gradients of the same loss on the same weights, float32. */
  private record Reference(float[] logits, List<float[]> gradients) {}

  private Reference djl(List<float[]> params, boolean distil) {
    try (NDManager m = manager.newSubManager();
        BatchedMlp mlp = BatchedMlp.fromArrays(m, WIDTHS, params)) {
      NDArray x = m.create(INPUT, new Shape(GROUPS, ROWS, WIDTHS[0]));
      mlp.requireGradients();
      NDArray logits;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        logits = mlp.forward(x);
        gc.backward(djlLoss(m, logits, distil));
      }
      List<float[]> grads = new ArrayList<>();
      for (NDArray p : mlp.parameters()) {
        grads.add(p.getGradient().toFloatArray());
      }
      return new Reference(logits.toFloatArray(), grads);
    }
  }

  /** The losses MklMlpStack computes, in Losses' terms; model m reads input batch m % G. */
  private static NDArray djlLoss(NDManager m, NDArray logits, boolean distil) {
    int repeats = MODELS / GROUPS;
    if (!distil) {
      NDArray labels = m.create(LABELS, new Shape(GROUPS, ROWS)).tile(new long[] {repeats, 1});
      return Losses.crossEntropy(logits, labels, CLASSES).sum();
    }
    NDArray target =
        m.create(TEACHER, new Shape(GROUPS, ROWS, WIDTHS[3])).tile(new long[] {repeats, 1, 1});
    NDArray total = m.zeros(new Shape());
    for (int i = 0; i < MODELS; i++) {
      String model = i + ":" + (i + 1);
      total =
          total.add(
              Losses.klDivergence(target.get(model), logits.get(model), FROM[i], WIDTHS[3]).sum());
    }
    return total;
  }

  @Test
  void logitsAndGradientsEqualDjlAutogradOnTheSameWeights() {
    List<float[]> params = initialParameters();
    for (boolean distil : new boolean[] {false, true}) {
      Reference ref = djl(params, distil);
      try (Arena arena = Arena.ofShared();
          MklMlpStack s = stack(params)) {
        if (distil) {
          distillation(s, teacher(arena));
        } else {
          crossEntropy(s);
        }
        s.backward();
        float[] logits =
            s.logits().asSlice(0, 4L * ref.logits().length).toArray(ValueLayout.JAVA_FLOAT);
        assertClose(ref.logits(), logits, "logits");
        List<float[]> grads = s.gradients();
        for (int p = 0; p < grads.size(); p++) {
          assertClose(ref.gradients().get(p), grads.get(p), "gradient " + p + ", distil " + distil);
        }
      }
    }
  }

  /** Float32 against float32 in another summation order: a few ulps of the larger values. */
  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    double scale = 0;
    for (float e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    assertTrue(scale > 0, what + " is all zero");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 * scale, what + " at " + i);
    }
  }

  /**
   * Sized from the machine's thread count so that every pass splits (2T input batches, 4T models,
   * over four of Adam's 65,536-parameter chunks a thread): the split stack's logits and gradients
   * equal those of one stack per input batch (whose passes run unsplit), and its Adam step equals
   * the update written out by hand from its own gradients, bit for bit.
   */
  @Test
  void aStackSplitAmongThreadsEqualsOneStackPerInputBatch() {
    int groups = 2 * RowWorkers.THREADS;
    int repeats = 2;
    int models = groups * repeats;
    int[] widths = {600, 64, 32, 4};
    int rows = 6;
    List<float[]> params = new ArrayList<>();
    for (int l = 0; l < widths.length - 1; l++) {
      double bound = 1 / Math.sqrt(widths[l]);
      params.add(uniform(30 + l, models * widths[l] * widths[l + 1], bound));
      params.add(uniform(40 + l, models * widths[l + 1], bound));
    }
    float[] input = uniform(3, groups * rows * widths[0], 1);
    int[] labels = new int[groups * rows];
    SplittableRandom pick = new SplittableRandom(4);
    for (int i = 0; i < labels.length; i++) {
      labels[i] = pick.nextInt(CLASSES);
    }
    double lr = 1e-2;
    try (MklMlpStack all = MklMlpStack.of(params, widths, groups, rows)) {
      MemorySegment.copy(input, 0, all.input(), ValueLayout.JAVA_FLOAT, 0, input.length);
      all.forward(rows, false);
      all.crossEntropy(labels, CLASSES);
      all.backward();
      float[] logits =
          all.logits().asSlice(0, 4L * models * rows * 4).toArray(ValueLayout.JAVA_FLOAT);
      List<float[]> grads = all.gradients();
      all.adamStep(lr);
      List<float[]> stepped = all.parameters();
      for (int p = 0; p < params.size(); p++) {
        assertArrayEquals(
            adamFirstStep(params.get(p), grads.get(p), lr), stepped.get(p), "Adam, array " + p);
      }
      for (int g = 0; g < groups; g++) {
        List<float[]> own = new ArrayList<>();
        for (int p = 0; p < params.size(); p++) {
          own.add(modelsOf(params.get(p), models, g, groups, repeats));
        }
        int batch = rows * widths[0];
        try (MklMlpStack one = MklMlpStack.of(own, widths, 1, rows)) {
          MemorySegment.copy(input, g * batch, one.input(), ValueLayout.JAVA_FLOAT, 0, batch);
          one.forward(rows, false);
          one.crossEntropy(java.util.Arrays.copyOfRange(labels, g * rows, (g + 1) * rows), CLASSES);
          one.backward();
          int perModel = rows * widths[3];
          for (int r = 0; r < repeats; r++) {
            int m = r * groups + g;
            assertClose(
                java.util.Arrays.copyOfRange(logits, m * perModel, (m + 1) * perModel),
                one.logits()
                    .asSlice(4L * r * perModel, 4L * perModel)
                    .toArray(ValueLayout.JAVA_FLOAT),
                "logits of model " + m);
          }
          List<float[]> ownGrads = one.gradients();
          for (int p = 0; p < params.size(); p++) {
            assertClose(
                modelsOf(grads.get(p), models, g, groups, repeats),
                ownGrads.get(p),
                "batch " + g + ", gradient array " + p);
          }
        }
      }
    }
  }

  /** The models reading input batch g (m = r G + g), in order of r, from a (M, ...) array. */
  private static float[] modelsOf(float[] a, int models, int g, int groups, int repeats) {
    int each = a.length / models;
    float[] out = new float[repeats * each];
    for (int r = 0; r < repeats; r++) {
      System.arraycopy(a, (r * groups + g) * each, out, r * each, each);
    }
    return out;
  }

  /** MklMlpStack's first Adam step written out from its documented formula, in float. */
  private static float[] adamFirstStep(float[] w, float[] g, double learningRate) {
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    double c1 = 1.0 - beta1;
    double c2 = 1.0 - beta2;
    float lr = (float) ((float) learningRate * Math.sqrt(c2) / c1);
    float[] out = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      float m = (1 - beta1) * g[i];
      float v = (1 - beta2) * g[i] * g[i];
      out[i] = w[i] - m * lr / ((float) Math.sqrt(v) + 1e-8f);
    }
    return out;
  }

  @Test
  void threeAdamStepsEqualDjlsAdam() {
    List<float[]> params = initialParameters();
    double lr = 1e-2;
    List<float[]> expected = new ArrayList<>();
    try (NDManager m = manager.newSubManager();
        BatchedMlp mlp = BatchedMlp.fromArrays(m, WIDTHS, params)) {
      NDArray x = m.create(INPUT, new Shape(GROUPS, ROWS, WIDTHS[0]));
      mlp.requireGradients();
      AdamStepper adam = new AdamStepper(mlp.parameters(), lr);
      for (int step = 0; step < 3; step++) {
        try (NDManager tmp = m.newSubManager()) {
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray xs = x.duplicate();
            xs.attach(tmp);
            gc.backward(djlLoss(tmp, mlp.forward(xs), step % 2 == 1));
          }
          adam.step();
        }
      }
      for (NDArray p : mlp.parameters()) {
        expected.add(p.toFloatArray());
      }
    }
    try (Arena arena = Arena.ofShared();
        MklMlpStack s = stack(params)) {
      MemorySegment t = teacher(arena);
      train(s, t, 3, lr);
      assertEquals(3, s.steps());
      List<float[]> got = s.parameters();
      for (int p = 0; p < got.size(); p++) {
        float[] before = params.get(p);
        boolean moved = false;
        for (int i = 0; i < before.length; i++) {
          // Adam's first steps move a parameter by about lr whatever its gradient's size, so the
          // two agree to float rounding of a step (1e-5 of lr 1e-2 is far below a missed step).
          assertEquals(expected.get(p)[i], got.get(p)[i], 1e-6, "parameter " + p + " at " + i);
          moved |= Math.abs(got.get(p)[i] - before[i]) > 1e-3;
        }
        assertTrue(moved, "parameter " + p + " did not move");
      }
    }
  }

  @Test
  void sharedInputEqualsTheBatchCopiedToEveryGroup() {
    List<float[]> params = initialParameters();
    try (MklMlpStack shared = stack(params);
        MklMlpStack copied = MklMlpStack.of(params, WIDTHS, GROUPS, MAX_BATCH)) {
      int batch = ROWS * WIDTHS[0];
      for (int g = 0; g < GROUPS; g++) {
        MemorySegment.copy(INPUT, 0, copied.input(), ValueLayout.JAVA_FLOAT, 4L * g * batch, batch);
      }
      shared.forward(ROWS, true);
      copied.forward(ROWS, false);
      int[] labels = new int[GROUPS * ROWS];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = LABELS[i % ROWS];
      }
      assertEquals(copied.crossEntropy(labels, CLASSES), shared.crossEntropy(labels, CLASSES));
      shared.backward();
      copied.backward();
      for (int p = 0; p < 2 * (WIDTHS.length - 1); p++) {
        assertArrayEquals(copied.gradients().get(p), shared.gradients().get(p), "gradient " + p);
      }
    }
  }

  @Test
  void sameStartGivesTheSameBitsInAFreshStack() {
    List<List<float[]>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      // Something allocated in between, so the second stack's segments lie elsewhere.
      try (Arena arena = Arena.ofShared();
          Arena other = Arena.ofShared()) {
        other.allocate(4L * (run * 1000 + 13), 64);
        MemorySegment t = teacher(arena);
        try (MklMlpStack s = stack(initialParameters())) {
          train(s, t, 5, 1e-2);
          runs.add(s.parameters());
        }
      }
    }
    for (int p = 0; p < runs.get(0).size(); p++) {
      assertArrayEquals(runs.get(0).get(p), runs.get(1).get(p), "parameter " + p);
    }
  }

  @Test
  void parametersRoundTripThroughBatchedMlp() {
    List<float[]> params = initialParameters();
    try (MklMlpStack s = MklMlpStack.of(params, WIDTHS, GROUPS, MAX_BATCH);
        BatchedMlp djl = BatchedMlp.fromArrays(manager, WIDTHS, s.parameters());
        MklMlpStack back = MklMlpStack.of(djl, GROUPS, MAX_BATCH)) {
      assertEquals(MODELS, back.models());
      for (int p = 0; p < params.size(); p++) {
        assertArrayEquals(params.get(p), back.parameters().get(p), "parameter " + p);
      }
    }
  }

  @Test
  void badShapesAndInputsAreRejectedWithTheirReason() {
    List<float[]> params = initialParameters();
    assertMessage(
        "5 parameter arrays for 3 layers",
        () -> MklMlpStack.of(params.subList(0, 5), WIDTHS, GROUPS, MAX_BATCH));
    assertMessage(
        "3 input batches do not divide 8 models",
        () -> MklMlpStack.of(params, WIDTHS, 3, MAX_BATCH));
    List<float[]> shortBias = new ArrayList<>(params);
    shortBias.set(3, new float[5]);
    assertMessage(
        "layer 1: 1120 weights and 5 biases for 8 models of 7 x 20",
        () -> MklMlpStack.of(shortBias, WIDTHS, GROUPS, MAX_BATCH));
    assertMessage(
        "MklMlpStack needs at least one hidden layer, got widths of length 2",
        () -> MklMlpStack.of(List.of(new float[10], new float[2]), new int[] {5, 2}, 1, 4));
    assertMessage(
        "4 parameter arrays for widths [5, 7, 20, 4]",
        () -> BatchedMlp.fromArrays(manager, WIDTHS, params.subList(0, 4)));
    try (Arena arena = Arena.ofShared();
        MklMlpStack s = stack(params)) {
      IllegalStateException early =
          assertThrows(IllegalStateException.class, () -> s.crossEntropy(LABELS, CLASSES));
      assertEquals("no forward pass yet", early.getMessage());
      assertMessage("batch of 9 rows, allowed 1 to 8", () -> s.forward(9, false));
      assertMessage("batch of 0 rows, allowed 1 to 8", () -> s.forward(0, false));
      assertMessage(
          "input segment too small for 5 rows",
          () -> s.forward(arena.allocate(4L * ROWS * WIDTHS[0]), ROWS, false));
      try (Arena confined = Arena.ofConfined()) {
        assertMessage(
            "input segment is confined to one thread; the passes read it from several (use a heap"
                + " segment or one from a shared, global or automatic arena)",
            () -> s.forward(confined.allocate(4L * GROUPS * ROWS * WIDTHS[0]), ROWS, false));
      }
      s.forward(ROWS, false);
      int[] bad = LABELS.clone();
      bad[7] = CLASSES;
      assertMessage(
          "label 3 at row 2 of batch 1 is outside [0, 3)", () -> s.crossEntropy(bad, CLASSES));
      assertMessage(
          "3 labels for 4 x 5 rows, 3 classes", () -> s.crossEntropy(new int[3], CLASSES));
      int[] from = FROM.clone();
      from[2] = 4;
      assertMessage("model 2: first logit 4 of 4", () -> s.distillation(teacher(arena), from));
      assertMessage("Adam learning rate must be > 0, got 0.0", () -> s.adamStep(0));
      assertMessage("Adam learning rate must be > 0, got NaN", () -> s.adamStep(Double.NaN));
    }
  }

  private static void assertMessage(String expected, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertEquals(expected, e.getMessage());
  }
}
