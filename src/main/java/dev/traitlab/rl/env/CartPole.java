package dev.traitlab.rl.env;

import java.util.SplittableRandom;

/**
 * Cart-pole balancing, vectorised, with the dynamics, thresholds, rewards and time limit of
 * gymnasium's CartPole-v1 (after Barto, Sutton and Anderson 1983): state (x, x_dot, theta,
 * theta_dot) in metres, m/s, radians and rad/s, computed in double precision and observed as
 * floats; action 0 pushes left and 1 right with 10 N; explicit Euler steps of 0.02 s; reward 1 on
 * every step, the terminating one included; the episode terminates when |x| > 2.4 or |theta| > 12
 * degrees and is truncated after 500 steps. Initial states are uniform in [-0.05, 0.05]^4, each
 * copy drawing from its own generator.
 */
public final class CartPole implements VectorEnv {
  public static final double GRAVITY = 9.8;
  public static final double MASS_CART = 1.0;
  public static final double MASS_POLE = 0.1;
  public static final double HALF_LENGTH = 0.5;
  public static final double FORCE = 10.0;
  public static final double TAU = 0.02;
  public static final double X_THRESHOLD = 2.4;
  public static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
  public static final int MAX_STEPS = 500;

  private static final double TOTAL_MASS = MASS_POLE + MASS_CART;
  private static final double POLE_MASS_LENGTH = MASS_POLE * HALF_LENGTH;

  private final int count;
  private final SplittableRandom[] random;
  private final double[] state;
  private final int[] steps;
  private final double[] returns;

  /** One copy per seed. */
  public CartPole(long[] seeds) {
    this.count = seeds.length;
    this.random = new SplittableRandom[count];
    for (int i = 0; i < count; i++) {
      random[i] = new SplittableRandom(seeds[i]);
    }
    this.state = new double[4 * count];
    this.steps = new int[count];
    this.returns = new double[count];
  }

  @Override
  public int count() {
    return count;
  }

  @Override
  public int observationSize() {
    return 4;
  }

  @Override
  public int actions() {
    return 2;
  }

  @Override
  public void reset(float[] observations) {
    for (int i = 0; i < count; i++) {
      start(i);
      observe(i, observations);
    }
  }

  /** Sets copy i's state (x, x_dot, theta, theta_dot), as a test sets gymnasium's env.state. */
  public void setState(int i, double[] s) {
    System.arraycopy(s, 0, state, 4 * i, 4);
  }

  /** Copy i's state, in double precision. */
  public double[] state(int i) {
    double[] s = new double[4];
    System.arraycopy(state, 4 * i, s, 0, 4);
    return s;
  }

  /**
   * Advances copy i's state by one Euler step under {@code action}, without rewards, time limit or
   * reset; returns whether the new state is terminal.
   */
  public boolean physics(int i, int action) {
    int o = 4 * i;
    double x = state[o];
    double xDot = state[o + 1];
    double theta = state[o + 2];
    double thetaDot = state[o + 3];
    double force = action == 1 ? FORCE : -FORCE;
    double cos = Math.cos(theta);
    double sin = Math.sin(theta);
    double temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
    double thetaAcc =
        (GRAVITY * sin - cos * temp)
            / (HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * cos * cos / TOTAL_MASS));
    double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
    state[o] = x + TAU * xDot;
    state[o + 1] = xDot + TAU * xAcc;
    state[o + 2] = theta + TAU * thetaDot;
    state[o + 3] = thetaDot + TAU * thetaAcc;
    return state[o] < -X_THRESHOLD
        || state[o] > X_THRESHOLD
        || state[o + 2] < -THETA_THRESHOLD
        || state[o + 2] > THETA_THRESHOLD;
  }

  @Override
  public void step(int[] actions, Step out) {
    if (actions.length != count) {
      throw new IllegalArgumentException(actions.length + " actions for " + count + " copies");
    }
    out.clear();
    for (int i = 0; i < count; i++) {
      if (actions[i] != 0 && actions[i] != 1) {
        throw new IllegalArgumentException("CartPole action must be 0 or 1, got " + actions[i]);
      }
      boolean terminal = physics(i, actions[i]);
      steps[i]++;
      returns[i] += 1;
      out.rewards[i] = 1;
      out.terminated[i] = terminal;
      out.truncated[i] = steps[i] >= MAX_STEPS;
      if (out.done(i)) {
        observe(i, out.finalObservations);
        out.episodeReturns[i] = returns[i];
        out.episodeLengths[i] = steps[i];
        start(i);
      }
      observe(i, out.observations);
    }
  }

  private void start(int i) {
    for (int k = 0; k < 4; k++) {
      state[4 * i + k] = random[i].nextDouble(-0.05, 0.05);
    }
    steps[i] = 0;
    returns[i] = 0;
  }

  private void observe(int i, float[] into) {
    for (int k = 0; k < 4; k++) {
      into[4 * i + k] = (float) state[4 * i + k];
    }
  }
}
