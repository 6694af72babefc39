package dev.traitlab.nn.mlp;

import dev.traitlab.nn.mkl.MklGemm;
import dev.traitlab.nn.mkl.RowWorkers;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack of M ReLU MLPs of the same widths trained by hand-written forward and backward passes
 * whose products run in MKL's SGEMM ({@link MklGemm}), on off-heap float32 segments: the same
 * models, losses and Adam as {@link BatchedMlp} with DJL's autograd and {@code AdamStepper},
 * without the tensor ops' dispatch, temporaries and copies between them.
 *
 * <p>Layout. Model m = r G + g (r in [0, R), g in [0, G), M = R G) reads input batch g, as in
 * {@link BatchedMlp#forward}: G = M gives every model its own batch, G < M lets R variants of the
 * same seeds share theirs. The first layer of the R models that read batch g is one (in, R out)
 * matrix (model r's columns at [r out, (r + 1) out)), so it is one product per input batch with R
 * times the width, which MKL runs faster than R narrow ones; later layers are one (in, out) matrix
 * per model. Biases are added and ReLU applied in one pass after each product; the backward pass
 * computes no gradient for the input (nothing needs it) and folds the ReLU mask into the bias
 * gradient's pass.
 *
 * <p>Arithmetic: float32 throughout except the softmax losses (double per row); MKL's products sum
 * in another order than libtorch's, so results agree with the DJL path to float rounding, not bit
 * for bit. Adam follows DJL's PyTorch {@code adamUpdate} exactly (see {@link #adamStep}).
 *
 * <p>Reproducibility: MKL's thin products (a dimension of 8 or less, as the output layer's 10 + m
 * logits can be) give bits that depend on where their operands start (see {@code
 * nn.train.DecoderBackprop}). Every segment here is allocated 64-byte aligned and every block's
 * offset in it follows from the sizes alone, so each product sees the same alignment on every run
 * and a seeded run repeats to the bit; inputs and teacher logits passed in should be 64-byte
 * aligned too (the stacks' own {@link #input()} and {@link #logits()} are).
 *
 * <p>Threads: each pass is split among {@link RowWorkers}' threads, the first layer by input batch
 * and the later layers and losses by model, Adam by ranges of parameters; inside a split every
 * thread's products are single-threaded, while a pass with too few batches or models to split runs
 * on the caller with MKL's own threads. A seeded run repeats to the bit on the same number of
 * threads. Not thread-safe itself; one training loop owns a stack. Gradients and Adam's moments are
 * allocated at the first loss. Needs {@link MklGemm#available()}.
 */
public final class MklMlpStack implements AutoCloseable {
  // Unaligned access: the segments are aligned anyway, and the alignment-checked layout keeps C2
  // from vectorising the elementwise loops (measured: twice as slow).
  private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
  // DJL's Adam builder defaults, as floats (the native update computes 1 - beta in float).
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPS = 1e-8f;
  // Layers with this many outputs or fewer (the logits) run their forward and weight-gradient
  // products transposed: MKL takes about half the time for (13, 1024) x (1024, 256) as for (256,
  // 1024) x (1024, 13) (single thread, measured on AMD EPYC).
  private static final int THIN_OUTPUT = 16;
  // Adam's elementwise update is split among threads in chunks of this many parameters.
  private static final long ADAM_CHUNK = 1 << 16;

  private final int[] widths;
  private final int layers;
  private final int models;
  private final int groups;
  private final int repeats;
  private final int maxBatch;
  private final Arena arena = Arena.ofShared();
  private final long parameterCount;
  private final MemorySegment params;
  private MemorySegment grads;
  private MemorySegment adamMean;
  private MemorySegment adamVariance;
  private final long[] weightOffset;
  private final long[] biasOffset;
  private MemorySegment input;
  private final MemorySegment[] hidden;
  private MemorySegment[] hiddenGrad;
  private final MemorySegment logits;
  private MemorySegment logitsGrad;
  // Per thread, room for a thin layer's transposed product.
  private final MemorySegment[] scratch = new MemorySegment[RowWorkers.THREADS];
  private int batch = -1;
  private MemorySegment lastInput;
  private boolean sharedInput;
  private int adamSteps;

  private MklMlpStack(int[] widths, int models, int groups, int maxBatch) {
    if (!MklGemm.available()) {
      throw new IllegalStateException("MKL SGEMM is not available in this process");
    }
    if (widths.length < 3) {
      throw new IllegalArgumentException(
          "MklMlpStack needs at least one hidden layer, got widths of length " + widths.length);
    }
    for (int w : widths) {
      if (w < 1) {
        throw new IllegalArgumentException("layer widths must be >= 1, got " + w);
      }
    }
    if (models < 1 || groups < 1 || models % groups != 0) {
      throw new IllegalArgumentException(
          groups + " input batches do not divide " + models + " models");
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + maxBatch);
    }
    this.widths = widths.clone();
    this.layers = widths.length - 1;
    this.models = models;
    this.groups = groups;
    this.repeats = models / groups;
    this.maxBatch = maxBatch;
    weightOffset = new long[layers];
    biasOffset = new long[layers];
    long at = 0;
    for (int l = 0; l < layers; l++) {
      weightOffset[l] = at;
      at += (long) models * widths[l] * widths[l + 1];
      biasOffset[l] = at;
      at += (long) models * widths[l + 1];
    }
    parameterCount = at;
    params = floats(at);
    hidden = new MemorySegment[layers - 1];
    for (int l = 0; l < layers - 1; l++) {
      hidden[l] = floats((long) models * maxBatch * widths[l + 1]);
    }
    logits = floats((long) models * maxBatch * widths[layers]);
    long room = 0;
    for (int l = 1; l < layers; l++) {
      if (thin(l)) {
        room = Math.max(room, (long) widths[l + 1] * Math.max(maxBatch, widths[l]));
      }
    }
    for (int w = 0; w < scratch.length; w++) {
      scratch[w] = floats(room);
    }
  }

  /**
   * Allocates the gradients and Adam's moments at the first loss, backward pass or step: a stack
   * that only runs forward (an evaluation) holds its parameters and activations alone.
   */
  private void requireTrainingBuffers() {
    if (grads != null) {
      return;
    }
    grads = floats(parameterCount);
    adamMean = floats(parameterCount);
    adamVariance = floats(parameterCount);
    hiddenGrad = new MemorySegment[layers - 1];
    for (int l = 0; l < layers - 1; l++) {
      hiddenGrad[l] = floats((long) models * maxBatch * widths[l + 1]);
    }
    logitsGrad = floats((long) models * maxBatch * widths[layers]);
  }

  private MemorySegment floats(long n) {
    // Arena allocations are zeroed.
    return arena.allocate(4 * Math.max(1, n), 64);
  }

  /**
   * A stack holding the given models, in {@link BatchedMlp}'s parameter order and layout: per layer
   * l the weights (M, in, out) then the biases (M, 1, out), each flattened row-major.
   *
   * @param widths input, hidden and output widths (at least one hidden layer)
   * @param groups G, the input batches (dividing the number of models)
   * @param maxBatch the most rows a batch will have
   * @throws IllegalArgumentException when the arrays do not match the widths
   * @throws IllegalStateException when MKL is not available
   */
  public static MklMlpStack of(List<float[]> parameters, int[] widths, int groups, int maxBatch) {
    if (parameters.size() != 2 * (widths.length - 1)) {
      throw new IllegalArgumentException(
          parameters.size() + " parameter arrays for " + (widths.length - 1) + " layers");
    }
    int perModel = widths[0] * widths[1];
    if (parameters.get(0).length % perModel != 0) {
      throw new IllegalArgumentException(
          "first weights hold "
              + parameters.get(0).length
              + " values, not a multiple of "
              + widths[0]
              + " x "
              + widths[1]);
    }
    MklMlpStack stack =
        new MklMlpStack(widths, parameters.get(0).length / perModel, groups, maxBatch);
    try {
      stack.setParameters(parameters);
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    return stack;
  }

  /** The models of a DJL stack (copied), for training here; see {@link #of}. */
  public static MklMlpStack of(BatchedMlp source, int groups, int maxBatch) {
    List<float[]> arrays = new ArrayList<>();
    source.parameters().forEach(p -> arrays.add(p.toFloatArray()));
    return of(arrays, source.widths(), groups, maxBatch);
  }

  public int models() {
    return models;
  }

  public int groups() {
    return groups;
  }

  public int[] widths() {
    return widths.clone();
  }

  /** Adam steps taken so far. */
  public int steps() {
    return adamSteps;
  }

  /** The models' parameters in {@link BatchedMlp}'s order and layout (copies). */
  public List<float[]> parameters() {
    return arrays(params);
  }

  /** The gradients of the last {@link #backward} in {@link #parameters()}'s layout (copies). */
  public List<float[]> gradients() {
    requireTrainingBuffers();
    return arrays(grads);
  }

  private List<float[]> arrays(MemorySegment from) {
    List<float[]> out = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      out.add(layerArray(from, l, true));
      out.add(layerArray(from, l, false));
    }
    return out;
  }

  private void setParameters(List<float[]> arrays) {
    for (int l = 0; l < layers; l++) {
      int in = widths[l];
      int out = widths[l + 1];
      float[] w = arrays.get(2 * l);
      float[] b = arrays.get(2 * l + 1);
      if (w.length != (long) models * in * out || b.length != (long) models * out) {
        throw new IllegalArgumentException(
            "layer "
                + l
                + ": "
                + w.length
                + " weights and "
                + b.length
                + " biases for "
                + models
                + " models of "
                + in
                + " x "
                + out);
      }
      for (int m = 0; m < models; m++) {
        for (int i = 0; i < in; i++) {
          MemorySegment.copy(w, (m * in + i) * out, params, F, 4 * weightIndex(l, m, i), out);
        }
        MemorySegment.copy(b, m * out, params, F, 4 * biasIndex(l, m), out);
      }
    }
  }

  private float[] layerArray(MemorySegment from, int l, boolean weights) {
    int in = widths[l];
    int out = widths[l + 1];
    float[] a = new float[models * (weights ? in : 1) * out];
    for (int m = 0; m < models; m++) {
      if (weights) {
        for (int i = 0; i < in; i++) {
          MemorySegment.copy(from, F, 4 * weightIndex(l, m, i), a, (m * in + i) * out, out);
        }
      } else {
        MemorySegment.copy(from, F, 4 * biasIndex(l, m), a, m * out, out);
      }
    }
    return a;
  }

  /** Where row i of model m's weights of layer l starts in the parameter segment (floats). */
  private long weightIndex(int l, int m, int i) {
    int out = widths[l + 1];
    if (l == 0) {
      int g = m % groups;
      int r = m / groups;
      return weightOffset[0] + ((long) g * widths[0] + i) * repeats * out + (long) r * out;
    }
    return weightOffset[l] + ((long) m * widths[l] + i) * out;
  }

  /** Where model m's biases of layer l start in the parameter segment (floats). */
  private long biasIndex(int l, int m) {
    int out = widths[l + 1];
    if (l == 0) {
      return biasOffset[0] + ((long) (m % groups) * repeats + m / groups) * out;
    }
    return biasOffset[l] + (long) m * out;
  }

  /**
   * The input staging segment: batch g's rows at [g B w0, (g + 1) B w0) floats for a batch of B
   * rows (or only batch 0's, for {@link #forward}'s shared input). Fill it, then call {@link
   * #forward}. Allocated at the first call: a stack fed from segments of the caller's ({@link
   * #forward(MemorySegment, int, boolean)}) holds none.
   */
  public MemorySegment input() {
    if (input == null) {
      input = floats((long) groups * maxBatch * widths[0]);
    }
    return input;
  }

  /** The logits of the last {@link #forward}: model m's rows at [m B out, (m + 1) B out) floats. */
  public MemorySegment logits() {
    return logits;
  }

  /**
   * Runs every model on its batch of {@code rows} rows from {@link #input()}; with {@code shared},
   * every model reads batch 0. Keeps the activations for {@link #backward}.
   *
   * @throws IllegalArgumentException when rows is not in [1, the stack's batch]
   */
  public void forward(int rows, boolean shared) {
    forward(input(), rows, shared);
  }

  /**
   * As {@link #forward(int, boolean)} on inputs laid out as {@link #input()} in another segment
   * (another stack's input, say, so that two stacks read one batch without a copy); the segment
   * must stay unchanged until {@link #backward}, and be readable from every thread (not from a
   * confined arena).
   *
   * @throws IllegalArgumentException when rows is not in [1, the stack's batch] or the segment is
   *     too small or confined to one thread
   */
  public void forward(MemorySegment x, int rows, boolean shared) {
    if (rows < 1 || rows > maxBatch) {
      throw new IllegalArgumentException("batch of " + rows + " rows, allowed 1 to " + maxBatch);
    }
    if (x.byteSize() < 4L * (shared ? 1 : groups) * rows * widths[0]) {
      throw new IllegalArgumentException("input segment too small for " + rows + " rows");
    }
    requireShared(x, "input");
    batch = rows;
    lastInput = x;
    sharedInput = shared;
    // Models depend on nothing of each other's, and the first layer's product of one input batch
    // covers all the models reading it: each thread takes whole batches, then whole models, its
    // products single-threaded. Measured against MKL's own threads on each product (the elementwise
    // passes still split): 325-336 against 362-408 ms a step for 30 models of 784-256-256-13 on
    // batches of 1024; two single-threaded products at once interfere less than MKL's team waits.
    RowWorkers.split(
        groups,
        (worker, from, to) -> {
          for (int g = from; g < to; g++) {
            firstProduct(x, g);
            addBias(hidden[0], g, rows, repeats * widths[1], biasOffset[0], true);
          }
        });
    RowWorkers.split(
        models,
        (worker, from, to) -> {
          for (int m = from; m < to; m++) {
            for (int l = 1; l < layers; l++) {
              layerProduct(l, m, worker);
              layerBias(l, m);
            }
          }
        });
  }

  /** The first layer's product for the models reading input batch g. */
  private void firstProduct(MemorySegment x, int g) {
    int rows = batch;
    int w0 = widths[0];
    int wide = repeats * widths[1];
    MklGemm.gemm(
        false,
        false,
        rows,
        wide,
        w0,
        1f,
        at(x, sharedInput ? 0 : (long) g * rows * w0),
        w0,
        at(params, weightOffset[0] + (long) g * w0 * wide),
        wide,
        0f,
        at(hidden[0], (long) g * rows * wide),
        wide);
  }

  /** Layer l's (l >= 1) product for model m. */
  private void layerProduct(int l, int m, int worker) {
    int rows = batch;
    int in = widths[l];
    int out = widths[l + 1];
    MemorySegment h = at(hidden[l - 1], activationIndex(l - 1, m));
    MemorySegment w = at(params, weightOffset[l] + (long) m * in * out);
    MemorySegment dest = at(l == layers - 1 ? logits : hidden[l], (long) m * rows * out);
    if (!thin(l)) {
      MklGemm.gemm(
          false, false, rows, out, in, 1f, h, activationStride(l - 1), w, out, 0f, dest, out);
      return;
    }
    // (out, rows) = w^T h^T, then transposed: MKL runs this orientation about twice as fast.
    MemorySegment t = scratch[worker];
    MklGemm.gemm(true, true, out, rows, in, 1f, w, out, h, activationStride(l - 1), 0f, t, rows);
    transpose(t, out, rows, dest);
  }

  /** Whether layer l's outputs are so few that its products run transposed (see below). */
  private boolean thin(int l) {
    return widths[l + 1] <= THIN_OUTPUT;
  }

  /** dest (cols, rows) := src (rows, cols)^T, both dense row-major. */
  private static void transpose(MemorySegment src, int rows, int cols, MemorySegment dest) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        dest.setAtIndex(F, (long) c * rows + r, src.getAtIndex(F, (long) r * cols + c));
      }
    }
  }

  private void layerBias(int l, int m) {
    addBias(
        l == layers - 1 ? logits : hidden[l],
        m,
        batch,
        widths[l + 1],
        biasOffset[l],
        l < layers - 1);
  }

  /** Where model m's first row of hidden layer l's activations starts (floats). */
  private long activationIndex(int l, int m) {
    if (l == 0) {
      return ((long) (m % groups) * batch * repeats + m / groups) * widths[1];
    }
    return (long) m * batch * widths[l + 1];
  }

  private int activationStride(int l) {
    return l == 0 ? repeats * widths[1] : widths[l + 1];
  }

  /** The rows of block k (blocks consecutive, width w each) += the block's bias; then ReLU. */
  private void addBias(MemorySegment a, int k, int rows, int w, long bias, boolean relu) {
    long b = 4 * (bias + (long) k * w);
    for (int r = 0; r < rows; r++) {
      long row = 4 * (((long) k * rows + r) * w);
      for (int j = 0; j < w; j++) {
        float v = a.get(F, row + 4L * j) + params.get(F, b + 4L * j);
        a.set(F, row + 4L * j, relu ? Math.max(v, 0f) : v);
      }
    }
  }

  /**
   * Sets the logits' gradient to that of the sum over models of each model's mean cross-entropy of
   * its first {@code classes} logits against the labels (torch's cross_entropy on those logits, the
   * later ones getting no gradient), and returns that sum.
   *
   * @param labels (G, B): the label of row b of batch g at [g B + b]
   * @throws IllegalArgumentException on a label outside [0, classes) or a wrong length
   */
  public double crossEntropy(int[] labels, int classes) {
    requireForward();
    int out = widths[layers];
    if (labels.length != groups * batch || classes < 1 || classes > out) {
      throw new IllegalArgumentException(
          labels.length
              + " labels for "
              + groups
              + " x "
              + batch
              + " rows, "
              + classes
              + " classes");
    }
    for (int g = 0; g < groups; g++) {
      for (int r = 0; r < batch; r++) {
        int y = labels[g * batch + r];
        if (y < 0 || y >= classes) {
          throw new IllegalArgumentException(
              "label "
                  + y
                  + " at row "
                  + r
                  + " of batch "
                  + g
                  + " is outside [0, "
                  + classes
                  + ")");
        }
      }
    }
    double[] perModel = new double[models];
    RowWorkers.split(
        models,
        (worker, from, to) -> {
          double[] z = new double[out];
          for (int m = from; m < to; m++) {
            int g = m % groups;
            double loss = 0;
            for (int r = 0; r < batch; r++) {
              long row = 4 * (((long) m * batch + r) * out);
              int y = labels[g * batch + r];
              double logSum = logSumExp(logits, row, 0, classes, z);
              loss -= (z[y] - logSum) / batch;
              for (int c = 0; c < out; c++) {
                double grad = c < classes ? Math.exp(z[c] - logSum) - (c == y ? 1 : 0) : 0;
                logitsGrad.set(F, row + 4L * c, (float) (grad / batch));
              }
            }
            perModel[m] = loss;
          }
        });
    return sumInOrder(perModel);
  }

  /** The sum in index order, so a total does not depend on how the models were split. */
  private static double sumInOrder(double[] values) {
    double total = 0;
    for (double v : values) {
      total += v;
    }
    return total;
  }

  /**
   * Sets the logits' gradient to that of the sum over models of KL(teacher || model) over logits
   * [from[m], out), summed over those logits and averaged over the batch (torch's kl_div with
   * "batchmean"); the other logits get no gradient. Returns that sum.
   *
   * @param teacher (G, B, out) logits: batch g's teacher rows, which every model reading batch g is
   *     distilled towards (a teacher stack's {@link #logits()} with one model per batch), readable
   *     from every thread
   * @param from per model, the first logit distilled
   * @throws IllegalArgumentException on a range outside the logits, too small or confined teacher
   *     logits
   */
  public double distillation(MemorySegment teacher, int[] from) {
    requireForward();
    int out = widths[layers];
    if (from.length != models || teacher.byteSize() < 4L * groups * batch * out) {
      throw new IllegalArgumentException(
          from.length + " ranges or too small teacher logits for " + models + " models");
    }
    for (int m = 0; m < models; m++) {
      if (from[m] < 0 || from[m] >= out) {
        throw new IllegalArgumentException(
            "model " + m + ": first logit " + from[m] + " of " + out);
      }
    }
    requireShared(teacher, "teacher logits");
    double[] perModel = new double[models];
    RowWorkers.split(
        models,
        (worker, first, last) -> {
          double[] zs = new double[out];
          double[] zt = new double[out];
          for (int m = first; m < last; m++) {
            int g = m % groups;
            int lo = from[m];
            double loss = 0;
            for (int r = 0; r < batch; r++) {
              long row = 4 * (((long) m * batch + r) * out);
              long trow = 4 * (((long) g * batch + r) * out);
              double ls = logSumExp(logits, row, lo, out, zs);
              double lt = logSumExp(teacher, trow, lo, out, zt);
              for (int c = 0; c < out; c++) {
                float grad = 0;
                if (c >= lo) {
                  double logPt = zt[c] - lt;
                  double logPs = zs[c] - ls;
                  double pt = Math.exp(logPt);
                  loss += pt * (logPt - logPs) / batch;
                  grad = (float) ((Math.exp(logPs) - pt) / batch);
                }
                logitsGrad.set(F, row + 4L * c, grad);
              }
            }
            perModel[m] = loss;
          }
        });
    return sumInOrder(perModel);
  }

  /** Reads logits [lo, hi) of a row into z and returns their log-sum-exp. */
  private static double logSumExp(MemorySegment a, long row, int lo, int hi, double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = lo; c < hi; c++) {
      z[c] = a.get(F, row + 4L * c);
      max = Math.max(max, z[c]);
    }
    double sum = 0;
    for (int c = lo; c < hi; c++) {
      sum += Math.exp(z[c] - max);
    }
    return max + Math.log(sum);
  }

  /**
   * Gradients of the loss last set ({@link #crossEntropy} or {@link #distillation}) with respect to
   * every parameter, overwriting the previous ones (no accumulation).
   */
  public void backward() {
    requireForward();
    RowWorkers.split(
        models,
        (worker, from, to) -> {
          for (int m = from; m < to; m++) {
            for (int l = layers - 1; l >= 1; l--) {
              layerBiasGradient(l, m);
              layerWeightGradient(l, m, worker);
              layerInputGradient(l, m);
            }
          }
        });
    RowWorkers.split(
        groups,
        (worker, from, to) -> {
          for (int g = from; g < to; g++) {
            biasGradient(hiddenGrad[0], hidden[0], g, batch, repeats * widths[1], biasOffset[0]);
            firstWeightGradient(g);
          }
        });
  }

  /** The gradient of layer l's output (ReLU's mask not yet applied below the logits). */
  private MemorySegment outputGradient(int l) {
    return l == layers - 1 ? logitsGrad : hiddenGrad[l];
  }

  private void layerBiasGradient(int l, int m) {
    // Below the output, the gradient is of the activations after ReLU: masked, it is the
    // pre-activation's.
    biasGradient(
        outputGradient(l),
        l == layers - 1 ? null : hidden[l],
        m,
        batch,
        widths[l + 1],
        biasOffset[l]);
  }

  private void layerWeightGradient(int l, int m, int worker) {
    int in = widths[l];
    int out = widths[l + 1];
    MemorySegment h = at(hidden[l - 1], activationIndex(l - 1, m));
    MemorySegment dz = at(outputGradient(l), (long) m * batch * out);
    MemorySegment dw = at(grads, weightOffset[l] + (long) m * in * out);
    if (!thin(l)) {
      MklGemm.gemm(
          true, false, in, out, batch, 1f, h, activationStride(l - 1), dz, out, 0f, dw, out);
      return;
    }
    // (out, in) = dz^T h, then transposed, as in layerProduct.
    MemorySegment t = scratch[worker];
    MklGemm.gemm(true, false, out, in, batch, 1f, dz, out, h, activationStride(l - 1), 0f, t, in);
    transpose(t, out, in, dw);
  }

  private void layerInputGradient(int l, int m) {
    int in = widths[l];
    int out = widths[l + 1];
    MklGemm.gemm(
        false,
        true,
        batch,
        in,
        out,
        1f,
        at(outputGradient(l), (long) m * batch * out),
        out,
        at(params, weightOffset[l] + (long) m * in * out),
        out,
        0f,
        at(hiddenGrad[l - 1], activationIndex(l - 1, m)),
        activationStride(l - 1));
  }

  /** The first layer's weight gradient for the models reading input batch g (one product). */
  private void firstWeightGradient(int g) {
    int in = widths[0];
    int wide = repeats * widths[1];
    MklGemm.gemm(
        true,
        false,
        in,
        wide,
        batch,
        1f,
        at(lastInput, sharedInput ? 0 : (long) g * batch * in),
        in,
        at(hiddenGrad[0], (long) g * batch * wide),
        wide,
        0f,
        at(grads, weightOffset[0] + (long) g * in * wide),
        wide);
  }

  /**
   * Bias gradients (column sums of block k's rows) of a gradient; with {@code activations}, first
   * zeroes the gradient where the ReLU output was 0 (in place).
   */
  private void biasGradient(
      MemorySegment dz, MemorySegment activations, int k, int rows, int w, long bias) {
    float[] sums = new float[w];
    long rowBytes = 4L * w;
    for (int r = 0; r < rows; r++) {
      long at = ((long) k * rows + r) * rowBytes;
      MemorySegment d = dz.asSlice(at, rowBytes);
      if (activations == null) {
        for (int j = 0; j < w; j++) {
          sums[j] += d.getAtIndex(F, j);
        }
        continue;
      }
      MemorySegment h = activations.asSlice(at, rowBytes);
      for (int j = 0; j < w; j++) {
        // The mask without a branch (a branch on random signs mispredicts and keeps C2 from
        // vectorising: 12x slower, measured): ReLU outputs are +0 or positive, so their bits
        // are 0 or a positive int, and -bits >> 31 is all ones exactly where the output is > 0.
        int out = Float.floatToRawIntBits(h.getAtIndex(F, j));
        float v = Float.intBitsToFloat(Float.floatToRawIntBits(d.getAtIndex(F, j)) & (-out >> 31));
        d.setAtIndex(F, j, v);
        sums[j] += v;
      }
    }
    MemorySegment.copy(sums, 0, grads, F, 4 * (bias + (long) k * w), w);
  }

  /**
   * One Adam step from the last {@link #backward}'s gradients, exactly as DJL's {@code Adam} with
   * its defaults (betas 0.9 and 0.999, eps 1e-8, no weight decay) and the PyTorch engine's fused
   * update: with step t from 1, {@code m = 0.9 m + (1 - 0.9) g}, {@code v = 0.999 v + (1 - 0.999)
   * g^2}, {@code w -= lr_t m / (sqrt(v) + eps)} with {@code lr_t = lr sqrt(1 - 0.999^t) / (1 -
   * 0.9^t)} (eps outside the bias correction, unlike torch.optim.Adam), in float.
   *
   * @throws IllegalArgumentException when lr is not > 0
   */
  public void adamStep(double learningRate) {
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("Adam learning rate must be > 0, got " + learningRate);
    }
    requireTrainingBuffers();
    adamSteps++;
    double c1 = 1.0 - Math.pow(BETA1, adamSteps);
    double c2 = 1.0 - Math.pow(BETA2, adamSteps);
    float lr = (float) ((float) learningRate * Math.sqrt(c2) / c1);
    float a1 = 1 - BETA1;
    float a2 = 1 - BETA2;
    long chunks = (parameterCount + ADAM_CHUNK - 1) / ADAM_CHUNK;
    RowWorkers.split(
        (int) chunks,
        (worker, from, to) -> {
          long end = 4 * Math.min(parameterCount, (long) to * ADAM_CHUNK);
          for (long i = 4L * from * ADAM_CHUNK; i < end; i += 4) {
            float g = grads.get(F, i);
            float m = adamMean.get(F, i) * BETA1 + a1 * g;
            float v = adamVariance.get(F, i) * BETA2 + a2 * g * g;
            adamMean.set(F, i, m);
            adamVariance.set(F, i, v);
            params.set(F, i, params.get(F, i) - m * lr / ((float) Math.sqrt(v) + EPS));
          }
        });
  }

  /** The segment from float {@code offset} on: where a block starts, for {@link MklGemm#gemm}. */
  private static MemorySegment at(MemorySegment s, long offset) {
    return s.asSlice(4 * offset);
  }

  // An unstarted thread: a segment it may read can be read by the pool's threads too.
  private static final Thread ANOTHER_THREAD = new Thread(() -> {});

  private static void requireShared(MemorySegment s, String what) {
    if (!s.isAccessibleBy(ANOTHER_THREAD)) {
      throw new IllegalArgumentException(
          what
              + " segment is confined to one thread; the passes read it from several (use a heap"
              + " segment or one from a shared, global or automatic arena)");
    }
  }

  private void requireForward() {
    if (batch < 0) {
      throw new IllegalStateException("no forward pass yet");
    }
    requireTrainingBuffers();
  }

  @Override
  public void close() {
    arena.close();
  }
}
