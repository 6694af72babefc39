package dev.traitlab.nn.train;

/**
 * Adam (Kingma and Ba 2015; PyTorch's defaults: betas 0.9 and 0.999, eps 1e-8) with optional
 * decoupled weight decay as in AdamW, over one flat float or double array of parameters updated in
 * place. For models of at most tens of thousands of parameters held in plain Java arrays (probes,
 * soft prompts, the defendability game's tiny networks); {@link AdamW} and {@link AdamStepper} are
 * the NDArray versions for the transformer.
 *
 * <p>Per coordinate, with step t from 1: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2)
 * g^2}, {@code w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps) + lr * wd * w}. The
 * moments are kept in double for both array types.
 */
public final class ArrayAdam {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final float[] floats;
  private final double[] doubles;
  private final double learningRate;
  private final double weightDecay;
  private final double[] m;
  private final double[] v;
  private int t;
  private double c1;
  private double c2;

  /**
   * Adam over float parameters.
   *
   * @param parameters updated in place by {@link #step(float[])}
   * @param learningRate the step size lr, > 0
   * @param weightDecay decoupled decay per step, as a fraction of lr (AdamW's), 0 for none
   * @throws IllegalArgumentException when lr is not > 0 or the decay is negative
   */
  public ArrayAdam(float[] parameters, double learningRate, double weightDecay) {
    this(parameters, null, parameters.length, learningRate, weightDecay);
  }

  /** Adam over double parameters, as {@link #ArrayAdam(float[], double, double)}. */
  public ArrayAdam(double[] parameters, double learningRate, double weightDecay) {
    this(null, parameters, parameters.length, learningRate, weightDecay);
  }

  private ArrayAdam(
      float[] floats, double[] doubles, int size, double learningRate, double weightDecay) {
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("Adam learning rate must be > 0, got " + learningRate);
    }
    if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
      throw new IllegalArgumentException("Adam weight decay must be >= 0, got " + weightDecay);
    }
    this.floats = floats;
    this.doubles = doubles;
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
    this.m = new double[size];
    this.v = new double[size];
  }

  /**
   * One update of float parameters from the gradient of the loss with respect to them.
   *
   * @throws IllegalStateException when this optimiser holds double parameters
   * @throws IllegalArgumentException when the gradient's length differs from the parameters'
   */
  public void step(float[] gradient) {
    if (floats == null) {
      throw new IllegalStateException("this Adam holds double parameters; pass a double gradient");
    }
    begin(gradient.length);
    for (int i = 0; i < floats.length; i++) {
      floats[i] -= (float) delta(i, gradient[i], floats[i]);
    }
  }

  /**
   * One update of double parameters from the gradient of the loss with respect to them.
   *
   * @throws IllegalStateException when this optimiser holds float parameters
   * @throws IllegalArgumentException when the gradient's length differs from the parameters'
   */
  public void step(double[] gradient) {
    if (doubles == null) {
      throw new IllegalStateException("this Adam holds float parameters; pass a float gradient");
    }
    begin(gradient.length);
    for (int i = 0; i < doubles.length; i++) {
      doubles[i] -= delta(i, gradient[i], doubles[i]);
    }
  }

  /** Steps taken so far. */
  public int steps() {
    return t;
  }

  private void begin(int gradientLength) {
    if (gradientLength != m.length) {
      throw new IllegalArgumentException(
          "gradient has " + gradientLength + " values for " + m.length + " parameters");
    }
    t++;
    c1 = 1 - Math.pow(BETA1, t);
    c2 = 1 - Math.pow(BETA2, t);
  }

  /** The amount to subtract from parameter i (value w) for gradient g; updates its moments. */
  private double delta(int i, double g, double w) {
    m[i] = BETA1 * m[i] + (1 - BETA1) * g;
    v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
    double d = learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPS);
    // Skipped rather than added as 0 when there is no decay, so that the update is the exact
    // expression of plain Adam (the defendability game's networks are compared bit for bit).
    return weightDecay == 0 ? d : d + learningRate * weightDecay * w;
  }
}
