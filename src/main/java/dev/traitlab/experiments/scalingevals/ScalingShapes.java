package dev.traitlab.experiments.scalingevals;

import dev.traitlab.eval.bigbench.BigBenchTasks;
import dev.traitlab.eval.task.MetricValue;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.ModelInfo;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.Steps;
import dev.traitlab.experiments.scalingevals.ScalingEvalsResult.TaskResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a BIG-bench metric improves smoothly or jumps with size (BIG-bench's "breakthrough"
 * behaviour): the changes between neighbouring sizes and the share of the total absolute change
 * made in the largest one. A metric is a "jump" when one step makes at least {@value #JUMP_SHARE}
 * of the change and the whole change is more than the widest 95% interval of its end points ({@code
 * flat} otherwise when the change is within it), else "smooth".
 */
final class ScalingShapes {
  static final double JUMP_SHARE = 0.6;

  private ScalingShapes() {}

  static List<Steps> of(List<TaskResult> tasks, List<ModelInfo> models) {
    Set<String> names = new LinkedHashSet<>();
    for (TaskResult t : tasks) {
      if (t.group().equals(ScalingEvalsExperiment.BIGBENCH)
          || t.group().equals(ScalingEvalsExperiment.SUMS)) {
        names.add(t.task());
      }
    }
    List<Steps> out = new ArrayList<>();
    for (String name : names) {
      List<TaskResult> rows = new ArrayList<>();
      for (ModelInfo m : models) {
        tasks.stream()
            .filter(t -> t.task().equals(name) && t.size().equals(m.size()))
            .findFirst()
            .ifPresent(rows::add);
      }
      if (rows.size() != models.size() || rows.size() < 2) {
        continue;
      }
      for (String metric :
          List.of(BigBenchTasks.MCG, BigBenchTasks.EXACT, BigBenchTasks.ECE, BigBenchTasks.BRIER)) {
        if (rows.get(0).metric(metric) == null) {
          continue;
        }
        List<MetricValue> values = rows.stream().map(r -> r.metric(metric)).toList();
        out.add(shape(name, metric, values));
      }
    }
    return out;
  }

  static Steps shape(String task, String metric, List<MetricValue> values) {
    List<Double> v = values.stream().map(MetricValue::value).toList();
    List<Double> gains = new ArrayList<>();
    double total = 0;
    double largest = 0;
    for (int i = 1; i < v.size(); i++) {
      double g = v.get(i) - v.get(i - 1);
      gains.add(g);
      total += Math.abs(g);
      largest = Math.max(largest, Math.abs(g));
    }
    double share = total == 0 ? Double.NaN : largest / total;
    MetricValue first = values.get(0);
    MetricValue last = values.get(values.size() - 1);
    double noise = Math.max(halfWidth(first), halfWidth(last)) * 2;
    double change = Math.abs(last.value() - first.value());
    String shape;
    if (!(change > noise)) {
      shape = "flat";
    } else if (share >= JUMP_SHARE) {
      shape = "jump";
    } else {
      shape = "smooth";
    }
    return new Steps(task, metric, v, gains, share, shape);
  }

  private static double halfWidth(MetricValue m) {
    double w = (m.high() - m.low()) / 2;
    return Double.isFinite(w) ? w : 0;
  }
}
