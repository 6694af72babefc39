package dev.traitlab.rl.env;

import dev.traitlab.data.idx.ImageClassificationData;
import java.util.SplittableRandom;

/**
 * The MNIST-based environment of Hilton, Tang and Schulman (2023, arXiv:2301.13442), vectorised: at
 * every step a copy shows an image drawn uniformly from a labelled set (each copy from its own
 * generator), the action is a class, and the reward is 1 when it is the image's label and 0
 * otherwise. The next image does not depend on the action, and the task never ends: a continuing
 * environment. How far ahead the learner looks (the paper's "horizon length") is therefore set by
 * the algorithm's discount rate, gamma = 1 - 1/horizon, not by the environment; with the reward
 * immediate, a longer horizon only adds the noise of later, unrelated rewards to each advantage.
 */
public final class ImageClassificationEnv implements VectorEnv {
  private final ImageClassificationData data;
  private final SplittableRandom[] random;
  private final int[] shown;

  /** One copy per seed, showing images of {@code data}. */
  public ImageClassificationEnv(ImageClassificationData data, long[] seeds) {
    if (data.size() == 0) {
      throw new IllegalArgumentException("the image set is empty");
    }
    this.data = data;
    this.random = new SplittableRandom[seeds.length];
    for (int i = 0; i < seeds.length; i++) {
      random[i] = new SplittableRandom(seeds[i]);
    }
    this.shown = new int[seeds.length];
  }

  @Override
  public int count() {
    return random.length;
  }

  @Override
  public int observationSize() {
    return data.features();
  }

  @Override
  public int actions() {
    return data.classes();
  }

  @Override
  public void reset(float[] observations) {
    for (int i = 0; i < count(); i++) {
      show(i, observations);
    }
  }

  @Override
  public void step(int[] actions, Step out) {
    if (actions.length != count()) {
      throw new IllegalArgumentException(actions.length + " actions for " + count() + " copies");
    }
    out.clear();
    for (int i = 0; i < count(); i++) {
      if (actions[i] < 0 || actions[i] >= data.classes()) {
        throw new IllegalArgumentException(
            "action " + actions[i] + " is not a class in [0, " + data.classes() + ")");
      }
      out.rewards[i] = actions[i] == data.labels()[shown[i]] ? 1f : 0f;
      show(i, out.observations);
    }
  }

  private void show(int i, float[] into) {
    int index = random[i].nextInt(data.size());
    shown[i] = index;
    int features = data.features();
    System.arraycopy(data.pixels(), index * features, into, i * features, features);
  }
}
