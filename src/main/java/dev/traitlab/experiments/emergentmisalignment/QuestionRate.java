package dev.traitlab.experiments.emergentmisalignment;

import dev.traitlab.stats.Interval;

/** The judge's misaligned rate of an arm on one question, pooled over seeds (Wilson 95%). */
public record QuestionRate(
    String arm, String question, double rate, Interval interval, int counted) {}
