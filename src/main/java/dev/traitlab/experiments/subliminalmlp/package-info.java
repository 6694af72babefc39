/**
 * Subliminal learning in an MLP (Cloud, Le et al. 2025, section 6), run as {@code traitlab run
 * subliminal-mlp} and the smallest complete experiment: per seed, a teacher trained on MNIST-format
 * images from a reference initialisation, and students distilled on uniform noise only (auxiliary
 * logits from the same or another initialisation, or all logits); the test accuracy of each with
 * 95% intervals across seeds. All seeds and students train together as one stack of models. Imports
 * {@code lab}, {@code nn}, {@code data.idx}, {@code report}, {@code stats} and {@code core}; never
 * another experiment or {@code cli}.
 */
package dev.traitlab.experiments.subliminalmlp;
