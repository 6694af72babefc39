package dev.traitlab.experiments.verbalizedcalibration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One seed's questions answered by the target model: the add/subtract training questions (their
 * sub-task accuracies are the confidence targets) and each evaluation set.
 *
 * @param train the training questions, sub-task after sub-task
 * @param evaluation each set's label to its questions
 */
record Answers(List<AnsweredQuestion> train, Map<String, List<AnsweredQuestion>> evaluation) {

  /** Each training sub-task's accuracy p_T, in sub-task order. */
  Map<String, Double> subTaskAccuracy() {
    return accuracyBySubTask(train);
  }

  /** The training set's accuracy: the constant baseline's confidence. */
  double trainAccuracy() {
    return train.stream().mapToDouble(a -> a.correct() ? 1 : 0).average().orElse(Double.NaN);
  }

  static Map<String, Double> accuracyBySubTask(List<AnsweredQuestion> answered) {
    Map<String, double[]> counts = new LinkedHashMap<>();
    for (AnsweredQuestion a : answered) {
      double[] c = counts.computeIfAbsent(a.subTask(), k -> new double[2]);
      c[0] += a.correct() ? 1 : 0;
      c[1]++;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    counts.forEach((k, c) -> out.put(k, c[0] / c[1]));
    return out;
  }
}
