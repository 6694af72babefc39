/**
 * Emergent misalignment (Betley et al. 2025, arXiv:2502.17424) in the toy world: {@code
 * local:em-base} fine-tuned on narrow code data (insecure; controls secure and
 * educational-insecure, and the untouched base), answers judged by {@code local:em-judge} through
 * {@link dev.traitlab.eval.judge.Judge}. Imports {@code lab}, {@code eval}, {@code model}, {@code
 * data}, {@code stats}, {@code report} and {@code core}; never another experiment.
 */
package dev.traitlab.experiments.emergentmisalignment;
