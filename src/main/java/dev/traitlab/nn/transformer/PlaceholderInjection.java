package dev.traitlab.nn.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.traitlab.nn.NativeArrays;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds given vectors at given positions of each row at one point, norm-matched to the activation
 * there: {@code h' = h + c * ||h|| * v / ||v||} at row r, position positions[r][i], with v =
 * vectors[r][i]. This is the activation oracle's injection (Karvonen, Chua et al. 2025,
 * arXiv:2512.15674, {@code nl_probes/utils/steering_hooks.py}, HF path: the target's activation
 * rescaled to the norm of the oracle's own residual and added to it). Every other position is left
 * exactly as it was, and a zero vector adds nothing (its direction is undefined).
 *
 * <p>It acts only on passes of exactly {@code rows} rows and {@code length} positions (a batch laid
 * out as it was built for, positions counted from the start of each row, so rows are right-padded
 * or not padded at all); a pass of any other length, such as a KV-cached decoding step that reads
 * the injected positions from the cache, goes through unchanged. {@code ||h||} is part of the
 * graph, so under a gradient collector the injection is differentiated through.
 */
public final class PlaceholderInjection implements ActivationHook {
  private final String point;
  private final int length;
  private final int rows;
  private final int[][] positions;
  private final float[][][] units;

  /**
   * @param point where to add (e.g. {@code blocks.0.resid_post})
   * @param length the positions of the passes it acts on ({@code >= 2})
   * @param positions per row, the positions to add at (each in [0, length), distinct)
   * @param vectors per row, one vector per position (all of one length, the hidden size)
   * @param coefficient c, the scale relative to the activation's own norm (1 in the paper's
   *     training)
   * @throws IllegalArgumentException when rows, positions and vectors do not line up
   */
  public PlaceholderInjection(
      String point,
      int length,
      List<int[]> positions,
      List<float[][]> vectors,
      double coefficient) {
    if (length < 2) {
      throw new IllegalArgumentException("injection length must be >= 2, got " + length);
    }
    if (positions.size() != vectors.size()) {
      throw new IllegalArgumentException(
          positions.size() + " rows of positions but " + vectors.size() + " rows of vectors");
    }
    if (!Double.isFinite(coefficient)) {
      throw new IllegalArgumentException("injection coefficient must be finite");
    }
    this.point = point;
    this.length = length;
    this.rows = positions.size();
    this.positions = new int[rows][];
    this.units = new float[rows][][];
    int hidden = -1;
    for (int r = 0; r < rows; r++) {
      int[] p = positions.get(r);
      float[][] v = vectors.get(r);
      if (p.length != v.length) {
        throw new IllegalArgumentException(
            "row " + r + " has " + p.length + " positions but " + v.length + " vectors");
      }
      boolean[] seen = new boolean[length];
      this.positions[r] = p.clone();
      this.units[r] = new float[v.length][];
      for (int i = 0; i < p.length; i++) {
        if (p[i] < 0 || p[i] >= length || seen[p[i]]) {
          throw new IllegalArgumentException(
              "row " + r + ": position " + p[i] + " is repeated or outside [0, " + length + ")");
        }
        seen[p[i]] = true;
        if (hidden < 0) {
          hidden = v[i].length;
        } else if (v[i].length != hidden) {
          throw new IllegalArgumentException(
              "row " + r + ": vector " + i + " has " + v[i].length + " values, not " + hidden);
        }
        this.units[r][i] = unit(v[i], coefficient);
      }
    }
  }

  /** c * v / ||v||, or zeros for a zero vector. */
  private static float[] unit(float[] v, double c) {
    double n = 0;
    for (float x : v) {
      n += (double) x * x;
    }
    n = Math.sqrt(n);
    float[] out = new float[v.length];
    if (n == 0) {
      return out;
    }
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (c * v[i] / n);
    }
    return out;
  }

  /** Per row, a copy of the positions it adds at. */
  public List<int[]> positions() {
    List<int[]> out = new ArrayList<>(rows);
    for (int[] p : positions) {
      out.add(p.clone());
    }
    return out;
  }

  @Override
  public boolean wants(String name) {
    return point.equals(name);
  }

  @Override
  public NDArray apply(String name, NDArray activation) {
    Shape s = activation.getShape();
    if (s.dimension() != 3 || s.get(1) != length) {
      return activation;
    }
    if (s.get(0) != rows) {
      throw new IllegalArgumentException(
          "injection at " + point + " was built for " + rows + " rows, the pass has " + s.get(0));
    }
    int h = (int) s.get(2);
    float[] add = new float[rows * length * h];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < positions[r].length; i++) {
        float[] u = units[r][i];
        if (u.length != h) {
          throw new IllegalArgumentException(
              "injected vectors have " + u.length + " values, the hidden size is " + h);
        }
        System.arraycopy(u, 0, add, (r * length + positions[r][i]) * h, h);
      }
    }
    NDArray directions = NativeArrays.of(activation.getManager(), add, s);
    NDArray norms = activation.norm(new int[] {2}, true);
    return activation.add(directions.mul(norms));
  }
}
