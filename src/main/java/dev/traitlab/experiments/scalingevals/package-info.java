/**
 * How truthfulness and capability change with scale (TruthfulQA, Lin, Hilton, Evans 2021;
 * BIG-bench, Srivastava et al. 2022), in miniature: a family of toy-world base models of increasing
 * size trained on the scaling toy world ({@code data.toyworld.ScalingWorld}), which holds popular
 * misconceptions, evaluated by the existing TruthfulQA and BIG-bench tasks on files built from its
 * lore, with fits against log parameters; the generation form judged by a fine-tuned toy judge
 * ({@code ModelJudge}) through {@code eval}'s judge path; SFT and PPO versions of the smallest
 * model ({@code InstructTuning}, PPO from {@code rl.lm}) beside the family. Imports {@code lab},
 * {@code eval}, {@code rl}, {@code nn}, {@code model}, {@code data}, {@code report}, {@code stats}
 * and {@code core}; never another experiment.
 */
package dev.traitlab.experiments.scalingevals;
