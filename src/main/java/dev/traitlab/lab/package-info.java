/**
 * What makes an experiment a recorded, cached, resumable run: {@link Experiment} is the contract
 * (config record in, result record out, report), found by {@link ExperimentRegistry} through {@code
 * META-INF/services}; {@link Param} marks the config components {@link ConfigSchema} turns into
 * options, and {@link Seeded} configs run over several seeds. {@link RecordedRun} runs an
 * experiment in a {@link Lab} (runs directory, stage cache, model access) with a {@link RunContext}
 * and records it ({@code lab.runs}); stages are in {@code lab.stages}. Imports {@code model},
 * {@code report} and {@code core}; never {@code experiments} or {@code cli}: it knows no experiment
 * by name.
 */
package dev.traitlab.lab;
