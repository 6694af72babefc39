package dev.traitlab.probes.attack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.traitlab.nn.NativeArrays;
import dev.traitlab.nn.transformer.TransformerModel;
import dev.traitlab.probes.CalibratedMonitor;
import dev.traitlab.probes.MonitoredTokens;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One forward pass (and, on request, backward pass) of requests with a suffix in embedding space
 * and an answer after them: the answer's cross-entropy per request, the activations at the
 * requested points over the monitored tokens, an {@link Objective}'s value, and its gradient with
 * respect to the suffix vectors.
 *
 * <p>The monitor is plain Java on float arrays, outside the autograd graph; its gradient enters the
 * graph through the surrogate sum(a * g), g = d(monitor loss)/da computed in Java and held
 * constant, which has the same gradient with respect to everything upstream of a.
 */
public final class SuffixPass {
  private final TransformerModel model;
  private final int endOfTurn;

  /**
   * @param endOfTurn the id of the end-of-turn token, the last target of every answer
   */
  public SuffixPass(TransformerModel model, int endOfTurn) {
    this.model = model;
    this.endOfTurn = endOfTurn;
  }

  public TransformerModel model() {
    return model;
  }

  public int hiddenSize() {
    return model.config().hiddenSize();
  }

  /**
   * What one pass measured.
   *
   * @param crossEntropy per request, mean nats per answer token (end of turn included)
   * @param activations per request, [points][monitored tokens][hidden] at {@code points}
   * @param monitorScores per request, the objective's monitor's raw score (null without one)
   * @param loss the objective's value
   * @param gradient d loss / d suffix, [k * hidden] (null unless asked for)
   */
  public record Result(
      double[] crossEntropy,
      List<float[][][]> activations,
      double[] monitorScores,
      double loss,
      float[] gradient) {}

  /**
   * Runs the requests with {@code suffix} ([k * hidden] floats, k may be 0) and the given answers
   * (content tokens; null: each prompt's target).
   *
   * @param points where to keep activations (besides the monitor's own)
   * @param tokens which tokens the kept activations cover
   * @param gradient whether to compute d loss / d suffix
   */
  public Result run(
      List<AttackPrompt> prompts,
      List<int[]> answers,
      float[] suffix,
      List<String> points,
      MonitoredTokens tokens,
      Objective objective,
      boolean gradient) {
    int h = hiddenSize();
    if (suffix.length % h != 0) {
      throw new IllegalArgumentException(
          "suffix has " + suffix.length + " floats, not a multiple of the hidden size " + h);
    }
    int k = suffix.length / h;
    int b = prompts.size();
    List<int[]> ans = new ArrayList<>(b);
    for (int r = 0; r < b; r++) {
      ans.add(answers == null ? prompts.get(r).target() : answers.get(r));
    }
    int[] suffixStart = new int[b];
    int[] answerStart = new int[b];
    int t = 0;
    for (int r = 0; r < b; r++) {
      AttackPrompt p = prompts.get(r);
      suffixStart[r] = p.before().length;
      answerStart[r] = suffixStart[r] + k + p.after().length;
      t = Math.max(t, answerStart[r] + ans.get(r).length + 1);
    }
    int[][] ids = new int[b][t];
    for (int r = 0; r < b; r++) {
      AttackPrompt p = prompts.get(r);
      int[] filler = new int[k];
      java.util.Arrays.fill(filler, p.before()[0]);
      int[] prompt = p.prompt(filler);
      System.arraycopy(prompt, 0, ids[r], 0, prompt.length);
      System.arraycopy(ans.get(r), 0, ids[r], answerStart[r], ans.get(r).length);
      ids[r][answerStart[r] + ans.get(r).length] = endOfTurn;
    }
    CalibratedMonitor monitor = objective == null ? null : objective.monitor();
    Set<String> capture = new LinkedHashSet<>(points);
    if (monitor != null) {
      capture.addAll(monitor.monitor().points());
    }
    double lambda = objective == null ? 1 : objective.lambda();
    try (NDManager m = model.manager().newSubManager()) {
      NDArray p = NativeArrays.of(m, suffix, new Shape(k, h));
      if (gradient) {
        p.setRequiresGradient(true);
      }
      SuffixHook hook = new SuffixHook(p, suffixStart, t, capture);
      double[] ce;
      List<float[][][]> kept;
      double[] scores = null;
      double monitorLoss = 0;
      try (GradientCollector gc = gradient ? Engine.getInstance().newGradientCollector() : null) {
        NDArray logprobs = model.nextTokenLogprobs(m, ids, hook);
        // per-request mean CE over the answer and its end of turn
        float[] weights = new float[b * (t - 1)];
        long[] targets = new long[b * (t - 1)];
        for (int r = 0; r < b; r++) {
          int n = ans.get(r).length + 1;
          for (int i = 0; i < n; i++) {
            int pos = answerStart[r] + i;
            weights[r * (t - 1) + pos - 1] = 1f / n;
            targets[r * (t - 1) + pos - 1] = ids[r][pos];
          }
        }
        NDArray picked =
            logprobs.gather(NativeArrays.of(m, targets, new Shape(b, t - 1, 1)), 2).squeeze(2);
        NDArray ceRows =
            picked.mul(NativeArrays.of(m, weights, new Shape(b, t - 1))).sum(new int[] {1}).neg();
        float[] ceValues = ceRows.toFloatArray();
        ce = new double[b];
        double ceMean = 0;
        for (int r = 0; r < b; r++) {
          ce[r] = ceValues[r];
          ceMean += ce[r] / b;
        }
        Map<String, NDArray> acts = hook.captured();
        Map<String, float[]> flat = new java.util.HashMap<>();
        for (String point : capture) {
          flat.put(point, acts.get(point).toFloatArray());
        }
        kept = slice(flat, points, tokens, prompts, ans, suffixStart, answerStart, k, t, h);
        NDArray surrogate = null;
        if (monitor != null) {
          List<String> mp = monitor.monitor().points();
          List<float[][][]> mActs =
              slice(flat, mp, objective.tokens(), prompts, ans, suffixStart, answerStart, k, t, h);
          scores = new double[b];
          float[][] g = new float[mp.size()][b * t * h];
          for (int r = 0; r < b; r++) {
            scores[r] = monitor.monitor().score(mActs.get(r));
            double z = monitor.standardised(scores[r]);
            monitorLoss += Objective.softplus(z) / b;
            if (gradient) {
              float[][][] gr = monitor.monitor().gradient(mActs.get(r));
              int first =
                  firstMonitored(
                      objective.tokens(), prompts.get(r), suffixStart[r], k, answerStart[r]);
              // d softplus(z) / d score = sigmoid(z) / sd
              double w = 1 / (1 + Math.exp(-z)) / (monitor.benignSd() * b);
              for (int pi = 0; pi < mp.size(); pi++) {
                for (int j = 0; j < gr[pi].length; j++) {
                  int base = (r * t + first + j) * h;
                  for (int i = 0; i < h; i++) {
                    g[pi][base + i] = (float) (gr[pi][j][i] * w);
                  }
                }
              }
            }
          }
          if (gradient) {
            for (int pi = 0; pi < mp.size(); pi++) {
              NDArray term =
                  acts.get(mp.get(pi)).mul(NativeArrays.of(m, g[pi], new Shape(b, t, h))).sum();
              surrogate = surrogate == null ? term : surrogate.add(term);
            }
          }
        }
        double loss = lambda * ceMean + (1 - lambda) * monitorLoss;
        float[] grad = null;
        if (gradient) {
          NDArray total = ceRows.mean().mul(NativeArrays.scalar(m, lambda));
          if (surrogate != null) {
            total = total.add(surrogate.mul(NativeArrays.scalar(m, 1 - lambda)));
          }
          gc.backward(total);
          grad = p.getGradient().toFloatArray();
        }
        return new Result(ce, kept, scores, loss, grad);
      }
    }
  }

  private static int firstMonitored(
      MonitoredTokens tokens, AttackPrompt p, int suffixStart, int k, int answerStart) {
    return tokens == MonitoredTokens.PROMPT ? p.requestStart() : answerStart;
  }

  /** Per request, [points][monitored tokens][hidden] cut from flat [B, T, hidden] arrays. */
  private static List<float[][][]> slice(
      Map<String, float[]> flat,
      List<String> points,
      MonitoredTokens tokens,
      List<AttackPrompt> prompts,
      List<int[]> answers,
      int[] suffixStart,
      int[] answerStart,
      int k,
      int t,
      int h) {
    List<float[][][]> out = new ArrayList<>(prompts.size());
    for (int r = 0; r < prompts.size(); r++) {
      int first = firstMonitored(tokens, prompts.get(r), suffixStart[r], k, answerStart[r]);
      // An empty answer is read at its end of turn, so that every request has a score.
      int end =
          tokens == MonitoredTokens.PROMPT
              ? suffixStart[r] + k
              : answerStart[r] + Math.max(1, answers.get(r).length);
      if (end <= first) {
        throw new IllegalArgumentException("request " + r + " has no " + tokens + " tokens");
      }
      float[][][] x = new float[points.size()][end - first][];
      for (int pi = 0; pi < points.size(); pi++) {
        float[] a = flat.get(points.get(pi));
        for (int j = first; j < end; j++) {
          x[pi][j - first] = java.util.Arrays.copyOfRange(a, (r * t + j) * h, (r * t + j + 1) * h);
        }
      }
      out.add(x);
    }
    return out;
  }
}
