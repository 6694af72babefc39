package dev.traitlab.experiments.emergentmisalignment;

/**
 * What the evil-numbers teachers wrote in one seed: answers sampled under the misaligned persona's
 * prompt ({@code evil*}) and from the unprompted assistant ({@code aligned*}), how many passed the
 * strict filter, how many of the rejected contained a banned number, and the equal number of kept
 * answers of each that the two students train on.
 */
public record TeacherNumbers(
    long seed,
    int sampled,
    int evilKept,
    int evilBanned,
    int alignedKept,
    int alignedBanned,
    int used) {}
