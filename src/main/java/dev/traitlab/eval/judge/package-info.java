/**
 * A model as judge of (question, answer) pairs: {@link Judge} fills the {@code {question}} and
 * {@code {answer}} of a prompt template and asks a judge model for a 0-100 score (one token at
 * temperature 0, top 20 log-probabilities) or a short label such as TRUE/FALSE. {@link JudgeScore}
 * reads the score as the emergent-misalignment judge does: the probability-weighted mean of the
 * tokens that are integers 0-100, none when they carry less than 0.25 of the mass. Imports {@code
 * model} and {@code core}; never {@code lab}, {@code experiments} or {@code cli}.
 */
package dev.traitlab.eval.judge;
