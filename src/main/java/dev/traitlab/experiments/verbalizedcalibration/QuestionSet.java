package dev.traitlab.experiments.verbalizedcalibration;

import dev.traitlab.core.Seeds;
import dev.traitlab.eval.calibratedmath.MathOperation;
import dev.traitlab.eval.calibratedmath.MathQuestion;
import dev.traitlab.eval.calibratedmath.MathQuestionGenerator;
import dev.traitlab.eval.calibratedmath.MathQuestionGenerator.SubTask;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The paper's three question sets, from traitlab's CalibratedMath families with 1 to 3 digits per
 * operand: add-subtract (the training set; 18 sub-tasks), multi-answer ("Name any number greater
 * than 56.": the format shift, 6 sub-tasks; the paper's also has primes, two-sums and multiples,
 * which the generator lacks) and multiply-divide (the content shift, 18 sub-tasks).
 */
enum QuestionSet {
  ADD_SUBTRACT("add-subtract", EnumSet.of(MathOperation.ADD, MathOperation.SUBTRACT)),
  MULTI_ANSWER("multi-answer", EnumSet.of(MathOperation.GREATER_THAN, MathOperation.LESS_THAN)),
  MULTIPLY_DIVIDE("multiply-divide", EnumSet.of(MathOperation.MULTIPLY, MathOperation.DIVIDE));

  private final String label;
  private final Set<MathOperation> operations;

  QuestionSet(String label, Set<MathOperation> operations) {
    this.label = label;
    this.operations = operations;
  }

  String label() {
    return label;
  }

  Set<MathOperation> operations() {
    return operations;
  }

  List<SubTask> subTasks() {
    return MathQuestionGenerator.subTasksOf(operations);
  }

  /**
   * {@code perSubTask} questions of every sub-task, sub-task after sub-task, drawn for {@code
   * purpose} under {@code seed} (the training questions and each evaluation set use their own).
   */
  List<MathQuestion> questions(long seed, String purpose, int count) {
    Random random = new Random(Seeds.derive(seed, purpose, ordinal()));
    return MathQuestionGenerator.generate(subTasks(), random, count);
  }
}
