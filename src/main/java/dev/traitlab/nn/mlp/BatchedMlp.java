package dev.traitlab.nn.mlp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.traitlab.core.TraitlabException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * M independent ReLU multilayer perceptrons of the same widths, stored stacked so that one batched
 * matmul runs a layer of all of them. Weights of layer l have shape (M, in, out), biases (M, 1,
 * out). Model m sees input slice m: the models share nothing but the computation.
 */
public final class BatchedMlp implements AutoCloseable {
  private final NDManager manager;
  private final int[] widths;
  private final int models;
  private final List<NDArray> parameters;

  private BatchedMlp(NDManager manager, int[] widths, int models, List<NDArray> parameters) {
    this.manager = manager;
    this.widths = widths.clone();
    this.models = models;
    this.parameters = parameters;
  }

  /**
   * One model per seed, each initialised as PyTorch initialises nn.Linear (weights and biases
   * uniform in ±1/sqrt(fan_in)) from its own seed, so model m is the same whatever else is stacked
   * beside it.
   */
  public static BatchedMlp initialise(
      NDManager parent, int[] widths, long[] seeds, DataType dtype) {
    if (widths.length < 2) {
      throw new IllegalArgumentException("an MLP needs at least input and output widths");
    }
    int m = seeds.length;
    for (int l = 0; l < widths.length - 1; l++) {
      if ((long) m * widths[l] * widths[l + 1] > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "layer "
                + l
                + " of "
                + m
                + " models ("
                + widths[l]
                + " x "
                + widths[l + 1]
                + " weights each) does not fit one Java array");
      }
    }
    double[][][] weights = new double[widths.length - 1][][];
    double[][][] biases = new double[widths.length - 1][][];
    for (int l = 0; l < widths.length - 1; l++) {
      weights[l] = new double[m][];
      biases[l] = new double[m][];
    }
    for (int i = 0; i < m; i++) {
      SplittableRandom random = new SplittableRandom(seeds[i]);
      for (int l = 0; l < widths.length - 1; l++) {
        double bound = 1 / Math.sqrt(widths[l]);
        weights[l][i] = uniform(random, widths[l] * widths[l + 1], bound);
        biases[l][i] = uniform(random, widths[l + 1], bound);
      }
    }
    NDManager manager = parent.newSubManager();
    List<NDArray> params = new ArrayList<>();
    for (int l = 0; l < widths.length - 1; l++) {
      params.add(stack(manager, weights[l], new Shape(m, widths[l], widths[l + 1]), dtype));
      params.add(stack(manager, biases[l], new Shape(m, 1, widths[l + 1]), dtype));
    }
    return new BatchedMlp(manager, widths, m, params);
  }

  private static double[] uniform(SplittableRandom random, int count, double bound) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = random.nextDouble(-bound, bound);
    }
    return values;
  }

  private static NDArray stack(
      NDManager manager, double[][] perModel, Shape shape, DataType dtype) {
    int size = perModel[0].length;
    double[] flat = new double[perModel.length * size];
    for (int i = 0; i < perModel.length; i++) {
      System.arraycopy(perModel[i], 0, flat, i * size, size);
    }
    return manager.create(flat, shape).toType(dtype, false);
  }

  /**
   * A stack of the given parameters (copied): per layer l the weights (M, in, out) then the biases
   * (M, 1, out), each flattened row-major, float32; as {@link MklMlpStack#parameters()} returns
   * them.
   *
   * @throws IllegalArgumentException when the arrays do not match the widths
   */
  public static BatchedMlp fromArrays(NDManager parent, int[] widths, List<float[]> parameters) {
    if (widths.length < 2 || parameters.size() != 2 * (widths.length - 1)) {
      throw new IllegalArgumentException(
          parameters.size() + " parameter arrays for widths " + Arrays.toString(widths));
    }
    int m = parameters.get(0).length / (widths[0] * widths[1]);
    NDManager manager = parent.newSubManager();
    List<NDArray> params = new ArrayList<>();
    for (int l = 0; l < widths.length - 1; l++) {
      float[] w = parameters.get(2 * l);
      float[] b = parameters.get(2 * l + 1);
      if (w.length != m * widths[l] * widths[l + 1] || b.length != m * widths[l + 1]) {
        manager.close();
        throw new IllegalArgumentException(
            "layer "
                + l
                + " does not hold "
                + m
                + " models of "
                + widths[l]
                + " x "
                + widths[l + 1]);
      }
      params.add(manager.create(w, new Shape(m, widths[l], widths[l + 1])));
      params.add(manager.create(b, new Shape(m, 1, widths[l + 1])));
    }
    return new BatchedMlp(manager, widths, m, params);
  }

  /** A new stack holding copies of the given models of these stacks, in order. */
  public static BatchedMlp concat(NDManager parent, List<BatchedMlp> parts) {
    BatchedMlp first = parts.get(0);
    NDManager manager = parent.newSubManager();
    List<NDArray> params = new ArrayList<>();
    int total = 0;
    for (BatchedMlp part : parts) {
      if (!Arrays.equals(part.widths, first.widths)) {
        throw new IllegalArgumentException("cannot stack MLPs of different widths");
      }
      total += part.models;
    }
    for (int p = 0; p < first.parameters.size(); p++) {
      NDList pieces = new NDList();
      for (BatchedMlp part : parts) {
        pieces.add(part.parameters.get(p));
      }
      NDArray joined = NDArrays.concat(pieces);
      joined.attach(manager);
      params.add(joined);
    }
    return new BatchedMlp(manager, first.widths, total, params);
  }

  /** Copies of models [from, to) as a new stack. */
  public BatchedMlp slice(NDManager parent, int from, int to) {
    NDManager sub = parent.newSubManager();
    List<NDArray> params = new ArrayList<>();
    for (NDArray p : parameters) {
      NDArray part = p.get(from + ":" + to).duplicate();
      part.attach(sub);
      params.add(part);
    }
    return new BatchedMlp(sub, widths, to - from, params);
  }

  public int models() {
    return models;
  }

  public int[] widths() {
    return widths.clone();
  }

  public List<NDArray> parameters() {
    return parameters;
  }

  /** Marks every parameter as trainable (gradients are collected for it). */
  public void requireGradients() {
    for (NDArray p : parameters) {
      p.setRequiresGradient(true);
    }
  }

  /**
   * Logits of every model. x is (M, B, in): one input batch per model; or (G, B, in) with G
   * dividing M: models [k*G, (k+1)*G) all read the G batches, so variants of the same seeds share
   * their inputs without copies; or (B, in): all models read the same batch. Returns (M, B, out).
   */
  public NDArray forward(NDArray x) {
    long batch = x.getShape().get(x.getShape().dimension() - 2);
    long groups = x.getShape().dimension() == 3 ? x.getShape().get(0) : models;
    if (models % groups != 0) {
      throw new IllegalArgumentException(
          "input holds " + groups + " batches, which does not divide " + models + " models");
    }
    long repeats = models / groups;
    NDArray h = x.getShape().dimension() == 3 ? x.expandDims(0) : x;
    // Views of the parameters belong to the caller's (per-step) manager, so they are freed with it.
    NDManager temporaries = x.getManager();
    for (int l = 0; l < widths.length - 1; l++) {
      NDArray w = parameters.get(2 * l).reshape(repeats, groups, widths[l], widths[l + 1]);
      NDArray b = parameters.get(2 * l + 1).reshape(repeats, groups, 1, widths[l + 1]);
      w.attach(temporaries);
      b.attach(temporaries);
      h = h.matMul(w).add(b);
      if (l < widths.length - 2) {
        h = Activation.relu(h);
      }
    }
    return h.reshape(models, batch, widths[widths.length - 1]);
  }

  public void save(Path file) {
    NDList list = new NDList(parameters.toArray(NDArray[]::new));
    try (OutputStream out = Files.newOutputStream(file)) {
      list.encode(out);
    } catch (IOException e) {
      throw new TraitlabException("cannot save MLP to " + file + ": " + e.getMessage(), e);
    }
  }

  public static BatchedMlp load(NDManager parent, Path file, int[] widths) {
    NDManager manager = parent.newSubManager();
    try (InputStream in = Files.newInputStream(file)) {
      NDList list = NDList.decode(manager, in);
      if (list.size() != 2 * (widths.length - 1)) {
        throw new TraitlabException(
            file + ": holds " + list.size() + " arrays, expected " + 2 * (widths.length - 1));
      }
      int m = (int) list.get(0).getShape().get(0);
      for (int l = 0; l < widths.length - 1; l++) {
        Shape expected = new Shape(m, widths[l], widths[l + 1]);
        if (!list.get(2 * l).getShape().equals(expected)) {
          throw new TraitlabException(
              file
                  + ": layer "
                  + l
                  + " has shape "
                  + list.get(2 * l).getShape()
                  + ", expected "
                  + expected);
        }
      }
      return new BatchedMlp(manager, widths, m, new ArrayList<>(list));
    } catch (IOException e) {
      manager.close();
      throw new TraitlabException("cannot load MLP from " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
