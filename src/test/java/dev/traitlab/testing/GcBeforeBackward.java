package dev.traitlab.testing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/**
 * Gradients of a loss with the garbage collector run between the forward and the backward pass.
 * DJL's {@code mul(Number)}, {@code div(Number)} and {@code maximum(Number)} wrap their scalar in a
 * direct buffer and close it at once; autograd still reads it in the backward pass, and once the
 * collector has freed the buffer the gradient is garbage. Comparing the gradients of a loss built
 * and differentiated at once with those of the same loss after collections catches a loss that uses
 * them.
 */
public final class GcBeforeBackward {
  private GcBeforeBackward() {}

  /**
   * The gradient of {@code loss} (a scalar built from the parameter in the given manager) with
   * respect to a fresh copy of {@code parameter}, the collector run {@code collections} times
   * before the backward pass (0: none).
   */
  public static float[] gradient(
      NDManager manager,
      float[] parameter,
      Shape shape,
      Function<NDArray, NDArray> loss,
      int collections)
      throws InterruptedException {
    try (NDManager m = manager.newSubManager()) {
      NDArray p = m.create(parameter, shape).duplicate();
      p.setRequiresGradient(true);
      try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
        NDArray l = loss.apply(p);
        for (int i = 0; i < collections; i++) {
          System.gc();
          // The cleaner thread frees unreachable direct buffers after a collection.
          Thread.sleep(20);
        }
        g.backward(l);
      }
      return p.getGradient().toFloatArray();
    }
  }
}
