/**
 * The trait-rate task: how often a model's one-word answers to preference questions name a trait
 * (subliminal learning's evaluation). Imports {@code eval.task}, {@code model} and {@code stats}.
 */
package dev.traitlab.eval.traitrate;
