package dev.traitlab.experiments.verbalizedcalibration;

import dev.traitlab.eval.calibratedmath.MathQuestion;

/**
 * A question with the target model's greedy answer: whether it is right, and the target's
 * probability of it (the zero-shot answer logit; NaN for an empty answer, which has none).
 *
 * @param subTask the sub-task's name, e.g. add_2x1
 * @param question the question
 * @param answer the answer's first line
 * @param correct whether the answer is right
 * @param answerProbability exp of the answer's summed log-probability under the target
 */
record AnsweredQuestion(
    String subTask,
    MathQuestion question,
    String answer,
    boolean correct,
    double answerProbability) {}
