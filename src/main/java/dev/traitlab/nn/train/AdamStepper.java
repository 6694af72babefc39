package dev.traitlab.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.List;

/**
 * Adam (PyTorch's defaults: betas 0.9/0.999, eps 1e-8, no weight decay) over a fixed list of
 * parameters, applied in place by DJL's fused update. Adam is element-wise, so a stack of models
 * steps exactly as each model would alone; each parameter array may have its own step size (the
 * models of one size in a stack of several sizes, say).
 */
public final class AdamStepper {
  private final List<NDArray> parameters;
  private final Optimizer[] optimizers;

  /** One step size for every parameter. */
  public AdamStepper(List<NDArray> parameters, double learningRate) {
    this(parameters, filled(parameters.size(), learningRate));
  }

  /**
   * A step size per parameter array.
   *
   * @throws IllegalArgumentException when the rates are not one per parameter, or one is not > 0
   */
  public AdamStepper(List<NDArray> parameters, double[] learningRates) {
    if (learningRates.length != parameters.size()) {
      throw new IllegalArgumentException(
          parameters.size() + " parameters but " + learningRates.length + " learning rates");
    }
    this.parameters = List.copyOf(parameters);
    this.optimizers = new Optimizer[learningRates.length];
    for (int i = 0; i < learningRates.length; i++) {
      if (!(learningRates[i] > 0) || !Double.isFinite(learningRates[i])) {
        throw new IllegalArgumentException(
            "learning rate " + i + " must be > 0, got " + learningRates[i]);
      }
      // Adam's state is kept per parameter id, so one optimiser per array is exact.
      optimizers[i] =
          Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRates[i])).build();
    }
  }

  /** Applies one update from the gradients collected since the last step, then clears them. */
  public void step() {
    for (int i = 0; i < parameters.size(); i++) {
      NDArray weight = parameters.get(i);
      try (NDArray grad = weight.getGradient()) {
        optimizers[i].update("p" + i, weight, grad);
        grad.muli(0);
      }
    }
  }

  private static double[] filled(int n, double value) {
    double[] out = new double[n];
    Arrays.fill(out, value);
    return out;
  }
}
