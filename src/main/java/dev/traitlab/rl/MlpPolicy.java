package dev.traitlab.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.traitlab.nn.mlp.BatchedMlp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link StackedPolicy} of ReLU MLPs whose last layer holds the action logits and, in one more
 * unit, the value estimate (a shared trunk, as in PPO's Atari and Procgen networks). Models come in
 * groups: a group is one {@link BatchedMlp} of models with the same widths (the seeds of one size),
 * so several sizes train in one stack, each group one batched matmul per layer, models ordered
 * group by group.
 */
public final class MlpPolicy implements StackedPolicy, AutoCloseable {
  private final List<BatchedMlp> groups;
  private final int actions;
  private final int models;
  private final List<NDArray> parameters;

  private MlpPolicy(List<BatchedMlp> groups, int actions) {
    this.groups = List.copyOf(groups);
    this.actions = actions;
    List<NDArray> all = new ArrayList<>();
    int m = 0;
    for (BatchedMlp g : groups) {
      all.addAll(g.parameters());
      m += g.models();
    }
    this.models = m;
    this.parameters = Collections.unmodifiableList(all);
  }

  /**
   * One group per entry of {@code hidden} (the hidden widths of that group's models) with one model
   * per seed of the matching entry of {@code seeds}; every model maps {@code observationSize}
   * floats to {@code actions} logits and a value. Initialised as PyTorch's nn.Linear, from each
   * model's own seed, with gradients required.
   */
  public static MlpPolicy initialise(
      NDManager manager, int observationSize, int actions, List<int[]> hidden, List<long[]> seeds) {
    if (hidden.size() != seeds.size() || hidden.isEmpty()) {
      throw new IllegalArgumentException(
          "need one seed list per group of widths, got " + hidden.size() + " and " + seeds.size());
    }
    List<BatchedMlp> groups = new ArrayList<>();
    for (int g = 0; g < hidden.size(); g++) {
      BatchedMlp mlp =
          BatchedMlp.initialise(
              manager,
              widths(observationSize, actions, hidden.get(g)),
              seeds.get(g),
              DataType.FLOAT32);
      mlp.requireGradients();
      groups.add(mlp);
    }
    return new MlpPolicy(groups, actions);
  }

  /** The layer widths of a model: observation size, the hidden widths, actions + 1. */
  public static int[] widths(int observationSize, int actions, int[] hidden) {
    int[] widths = new int[hidden.length + 2];
    widths[0] = observationSize;
    System.arraycopy(hidden, 0, widths, 1, hidden.length);
    widths[widths.length - 1] = actions + 1;
    return widths;
  }

  /** Parameters (weights and biases) of one MLP of these layer widths. */
  public static long parameterCount(int[] widths) {
    long n = 0;
    for (int l = 0; l + 1 < widths.length; l++) {
      n += (long) widths[l] * widths[l + 1] + widths[l + 1];
    }
    return n;
  }

  @Override
  public int models() {
    return models;
  }

  @Override
  public int actions() {
    return actions;
  }

  @Override
  public List<NDArray> parameters() {
    return parameters;
  }

  /** The groups, in model order. */
  public List<BatchedMlp> groups() {
    return groups;
  }

  @Override
  public Output forward(NDArray observations) {
    boolean shared = observations.getShape().dimension() == 2;
    NDList outputs = new NDList();
    int from = 0;
    for (BatchedMlp g : groups) {
      NDArray input =
          shared ? observations : observations.get(new NDIndex(from + ":" + (from + g.models())));
      outputs.add(g.forward(input));
      from += g.models();
    }
    NDArray all = outputs.size() == 1 ? outputs.get(0) : NDArrays.concat(outputs, 0);
    NDArray logits = all.get(new NDIndex("..., :" + actions));
    NDArray values = all.get(new NDIndex("..., " + actions));
    return new Output(logits, values);
  }

  @Override
  public void close() {
    for (BatchedMlp g : groups) {
      g.close();
    }
  }
}
