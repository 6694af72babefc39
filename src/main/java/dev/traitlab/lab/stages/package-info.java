/**
 * Typed stages cached by the hash of their inputs: what makes a run resumable. {@link
 * dev.traitlab.lab.stages.Stages} runs or reuses a stage; {@link dev.traitlab.lab.stages.Stage} is
 * its result and, as an input of the next stage, its key. Imports only {@code core}.
 */
package dev.traitlab.lab.stages;
