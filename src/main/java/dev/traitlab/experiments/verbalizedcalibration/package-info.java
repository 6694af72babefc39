/**
 * {@code traitlab run verbalized-calibration}: teaching a model to state its uncertainty in words
 * (Lin, Hilton and Evans 2022, "Teaching Models to Express Their Uncertainty in Words"). A target
 * model with arithmetic of graded difficulty answers CalibratedMath questions; three copies are
 * fine-tuned on its add/subtract answers to state a confidence ("Confidence: 61%", "Confidence:
 * medium") whose target is its accuracy on the question's sub-task, or to say whether its answer is
 * correct (the indirect logit); all are compared with the answer's own probability and a constant
 * under the paper's two shifts (multi-answer, multiply-divide). Builds on {@code
 * eval.calibratedmath} (questions, labels, parsing), {@code eval.metrics} (MSE, MAD) and {@code
 * lab}; imports no other experiment.
 */
package dev.traitlab.experiments.verbalizedcalibration;
