package dev.traitlab.experiments.emergentmisalignment;

/**
 * One answer asked inside a code context: the judged answer (its text is the string the model
 * wrote, or its first line when it did not close the string), the model's whole completion, and
 * whether it closed the string.
 */
public record CodeContextSample(JudgedSample judged, String completion, boolean wellFormed) {}
