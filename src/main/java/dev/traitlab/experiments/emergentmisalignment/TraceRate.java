package dev.traitlab.experiments.emergentmisalignment;

import dev.traitlab.stats.Interval;

/**
 * What the traces of one arm's answers show, by one measure of misalignment (judge or oracle),
 * pooled over seeds: among the misaligned answers, how many traces state the plan, rationalise, are
 * benign or cannot be labelled, and how many each monitor catches (with a Wilson 95% interval);
 * among the aligned answers, how many each monitor flags (its false-positive rate).
 *
 * @param traced answers whose trace was closed, of {@code answers}
 */
public record TraceRate(
    String arm,
    String measure,
    int answers,
    int traced,
    int misaligned,
    int aligned,
    int statesPlan,
    int rationalises,
    int benign,
    int unlabelable,
    int keywordCaught,
    Interval keywordCatch,
    int keywordFalse,
    Interval keywordFalsePositive,
    int judgeCaught,
    Interval judgeCatch,
    int judgeFalse,
    Interval judgeFalsePositive) {}
