/**
 * Low-probability estimation (Wu and Hilton 2024, "Estimating the probabilities of rare outputs in
 * language models"): how often argmax sampling from a model yields a target token when its input is
 * drawn from a formally specified distribution of independent tokens, for probabilities far below
 * what naive sampling resolves. Input distributions ({@link InputDistribution}), the model as the
 * estimators see it ({@link ArgmaxModel}, with {@link TransformerArgmaxModel} over the embedded
 * engine), exact probabilities by enumeration ({@link ExactProbabilities}), and the estimators:
 * naive sampling, importance sampling ({@link Itgis}, {@link Mhis}) and activation extrapolation
 * ({@link Qld}, {@link Gld}).
 *
 * <p>A method layer: may import {@code nn}, {@code stats} and {@code core}; never {@code model},
 * {@code eval}, {@code lab}, {@code experiments} or {@code cli}.
 */
package dev.traitlab.lowprob;
