/**
 * CalibratedMath (Lin, Hilton and Evans 2022): does a model's confidence match its accuracy on
 * arithmetic? {@link MathQuestionGenerator} draws seeded questions from the {@link MathOperation}
 * families (traitlab's own wording and ranges), covering every sub-task of operation and digit
 * counts evenly; {@link CalibratedMathTask} asks "Q: ...\nA:", reads the verbalised "Confidence:
 * NN%" ({@link ConfidenceParser}) and the probability of the model's own answer, and scores each
 * against correctness with MSE, MAD and ECE over 10 bins. Imports {@code eval.task}, {@code
 * eval.metrics} and {@code model}; never {@code lab}, {@code experiments} or {@code cli}.
 */
package dev.traitlab.eval.calibratedmath;
