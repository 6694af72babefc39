/**
 * BIG-bench JSON tasks (Srivastava et al. 2022) as eval tasks: {@link BigBenchLoader} reads a
 * task.json, a folder holding one, or a folder of subtasks ("parent:subtask"); {@link
 * BigBenchFormat} holds the task.json prefixes, separators, stop string and output regex with
 * upstream's defaults; {@link BigBenchPrompts} builds zero- and few-shot prompts from the sample's
 * seed; {@link BigBenchTasks} scores multiple-choice examples by choice log-probabilities
 * (multiple_choice_grade, ECE, Brier score) and generative ones by exact_str_match. Imports {@code
 * eval.task}, {@code eval.metrics}, {@code model} and {@code core}; never {@code lab}, {@code
 * experiments} or {@code cli}.
 */
package dev.traitlab.eval.bigbench;
