package dev.traitlab.probes;

/**
 * Adam (Kingma and Ba 2015; PyTorch's defaults: betas 0.9 and 0.999, eps 1e-8) with decoupled
 * weight decay as in AdamW, over one flat float array of parameters updated in place. Probes and
 * soft prompts have at most tens of thousands of parameters, so plain arrays are enough.
 */
public final class ArrayAdam {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final float[] parameters;
  private final double learningRate;
  private final double weightDecay;
  private final double[] m;
  private final double[] v;
  private int t;

  /**
   * @param parameters updated in place by {@link #step}
   * @param weightDecay decoupled decay per step, as a fraction of lr (AdamW's), 0 for none
   */
  public ArrayAdam(float[] parameters, double learningRate, double weightDecay) {
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
    }
    this.parameters = parameters;
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
    this.m = new double[parameters.length];
    this.v = new double[parameters.length];
  }

  /** One update from the gradient of the loss with respect to the parameters. */
  public void step(float[] gradient) {
    if (gradient.length != parameters.length) {
      throw new IllegalArgumentException(
          "gradient has " + gradient.length + " values for " + parameters.length + " parameters");
    }
    t++;
    double c1 = 1 - Math.pow(BETA1, t);
    double c2 = 1 - Math.pow(BETA2, t);
    for (int i = 0; i < parameters.length; i++) {
      double g = gradient[i];
      m[i] = BETA1 * m[i] + (1 - BETA1) * g;
      v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
      double update = (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPS);
      parameters[i] -= (float) (learningRate * (update + weightDecay * parameters[i]));
    }
  }
}
