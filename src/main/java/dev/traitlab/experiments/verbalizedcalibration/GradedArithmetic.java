package dev.traitlab.experiments.verbalizedcalibration;

import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.eval.calibratedmath.MathOperation;
import dev.traitlab.eval.calibratedmath.MathQuestion;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

/**
 * The fine-tuning data that gives the target model arithmetic of graded difficulty: the toy-world
 * base model answers almost no CalibratedMath question (it says "10" or "12" to nearly all of
 * them), so every sub-task's accuracy is near 0 and the constant baseline would win trivially.
 * Questions of the three sets' operations in chat form ("What is 52 + 7?" answered "59"), each
 * operand with 1 digit 60% of the time, 2 digits 25% and 3 digits 15%: one-digit sums are seen
 * often enough to be learnt, longer ones mostly not, so that accuracy depends on the sub-task, more
 * sharply than GPT-3's (two easy add/subtract sub-tasks, the rest near 0; measured by the default
 * run, 100,000 examples: add 1x1 0.88, subtract 1x1 0.97, the other add/subtract sub-tasks 0 to
 * 0.11; multiply-divide 0.14 and multi-answer 0.80 overall). A multi-answer question is answered
 * with a number 1 to 9 beyond its bound. (With 40,000 examples and 1 to 3 digits equally likely,
 * add 1x1 stayed at 0.13.)
 */
final class GradedArithmetic {
  /** Changes with the data recipe, so that a cached fine-tune of an older recipe is not reused. */
  static final String RECIPE = "graded-digits-0.6-0.25-0.15";

  private GradedArithmetic() {}

  static List<ChatExample> data(int n, long seed) {
    List<MathOperation> operations = new ArrayList<>();
    for (QuestionSet set : QuestionSet.values()) {
      operations.addAll(EnumSet.copyOf(set.operations()));
    }
    Random rng = new Random(seed);
    List<ChatExample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      MathOperation op = operations.get(rng.nextInt(operations.size()));
      MathQuestion q = op.generate(digits(rng), digits(rng), rng);
      out.add(ChatExample.of(null, q.question(), answer(q, rng)));
    }
    return out;
  }

  /** 1 digit with probability 0.6, 2 with 0.25, 3 with 0.15. */
  static int digits(Random rng) {
    double u = rng.nextDouble();
    return u < 0.6 ? 1 : u < 0.85 ? 2 : 3;
  }

  private static String answer(MathQuestion q, Random rng) {
    if (!q.multiAnswer()) {
      return q.answer();
    }
    int step = 1 + rng.nextInt(9);
    return Long.toString(q.relation() == '>' ? q.bound() + step : q.bound() - step);
  }
}
