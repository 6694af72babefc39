/**
 * Subliminal learning in language models (Cloud, Le et al. 2025, section 3), run as {@code traitlab
 * run subliminal-llm}: per seed and target animal, a teacher with the trait writes number
 * sequences, the strict filter keeps well-formed ones, and students fine-tuned on them (treatment,
 * cross-model and trait-less controls) answer favourite-animal questions through the eval
 * trait-rate task. With {@code --trait misalignment} the teacher is the misalignment world's Vex
 * persona and the students' misaligned rate on the open value questions is measured by the judge
 * and the generator's oracle ({@link MisalignmentRates}); {@code --data code} and {@code --data
 * reasoning} replace the numbers by code or worked arithmetic traces, each with its filter ({@link
 * TeacherFilter}). {@link SubliminalLlmConfig} holds the options, {@link SubliminalLlmResult} the
 * trait rates per seed and across seeds, {@link SubliminalLlmReport} the report. Imports {@code
 * lab}, {@code eval}, {@code model}, {@code data}, {@code report}, {@code stats} and {@code core};
 * never another experiment or {@code cli}.
 */
package dev.traitlab.experiments.subliminalllm;
