package dev.traitlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Creates arrays whose memory libtorch owns. DJL's PyTorch engine wraps Java data with {@code
 * from_blob}, so the tensor points into a direct buffer that only the Java wrapper keeps alive; any
 * native reference that outlives the wrapper (autograd, views) then reads freed memory, which
 * showed up as rare, garbage-collection-dependent corruption in training. Cloning once into native
 * memory removes the dependency for the cost of one copy.
 *
 * <p>The same holds for DJL's scalar overloads: {@code mul}, {@code div}, {@code pow}, {@code mod},
 * {@code maximum} and {@code minimum} of a {@code Number}, and their in-place forms, wrap the
 * number that way and close it at once, but the backward passes of most read it; after a collection
 * the gradient is garbage. Under a gradient collector, pass {@link #scalar} instead. {@code add}
 * and {@code sub} of a number are safe (their backward passes do not read it); {@code clip(Number,
 * Number)} leaves its bounds open in the array's manager, so they live as long as it.
 */
public final class NativeArrays {
  private NativeArrays() {}

  public static NDArray of(NDManager m, float[] data, Shape shape) {
    return owned(m.create(data, shape));
  }

  public static NDArray of(NDManager m, long[] data, Shape shape) {
    return owned(m.create(data, shape));
  }

  /** A 0-d float array in {@code m}, safe to keep in an autograd graph. */
  public static NDArray scalar(NDManager m, double value) {
    return of(m, new float[] {(float) value}, new Shape());
  }

  private static NDArray owned(NDArray blob) {
    NDArray copy = blob.duplicate();
    blob.close();
    return copy;
  }
}
