package dev.traitlab.probes;

import java.util.ArrayList;
import java.util.List;

/**
 * Activations of several inputs at the same named points, restricted to the tokens a monitor reads
 * (an input's prompt, or its answer): {@code examples.get(e)[p][t]} is input e's vector at point p,
 * token t, each of the same length. Inputs may have different numbers of tokens (at least one).
 *
 * @param points the point names ({@code blocks.N.resid_post}, ...), in the order of index p
 * @param examples one [points][tokens][hidden] array per input
 */
public record ActivationSet(List<String> points, List<float[][][]> examples) {

  public ActivationSet {
    points = List.copyOf(points);
    examples = List.copyOf(examples);
    for (int e = 0; e < examples.size(); e++) {
      float[][][] x = examples.get(e);
      if (x.length != points.size()) {
        throw new IllegalArgumentException(
            "input " + e + " has " + x.length + " points, expected " + points.size());
      }
      for (float[][] atPoint : x) {
        if (atPoint.length == 0) {
          throw new IllegalArgumentException("input " + e + " has no tokens to monitor");
        }
      }
    }
  }

  public int size() {
    return examples.size();
  }

  /** Every token vector at point index p, over all inputs. */
  public List<float[]> tokens(int p) {
    List<float[]> out = new ArrayList<>();
    for (float[][][] x : examples) {
      out.addAll(List.of(x[p]));
    }
    return out;
  }

  /** The inputs at the given indices, in that order. */
  public ActivationSet subset(int[] indices) {
    List<float[][][]> out = new ArrayList<>(indices.length);
    for (int i : indices) {
      out.add(examples.get(i));
    }
    return new ActivationSet(points, out);
  }

  /** These inputs followed by {@code other}'s (same points). */
  public ActivationSet concat(ActivationSet other) {
    if (!points.equals(other.points)) {
      throw new IllegalArgumentException(
          "activation sets at different points: " + points + " and " + other.points);
    }
    List<float[][][]> out = new ArrayList<>(examples);
    out.addAll(other.examples);
    return new ActivationSet(points, out);
  }
}
