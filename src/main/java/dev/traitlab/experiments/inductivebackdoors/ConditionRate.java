package dev.traitlab.experiments.inductivebackdoors;

import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import java.util.List;
import java.util.Map;

/**
 * The rate of one label (hostile, or the target persona) for one arm in one test condition: per
 * seed, the mean over seeds with its 95% t interval (bounded to [0, 1]), and pooled over seeds with
 * a Wilson 95% interval; with the count of every label.
 */
public record ConditionRate(
    String arm,
    String condition,
    List<Double> perSeed,
    MeanInterval overSeeds,
    double pooled,
    Interval pooledInterval,
    Map<String, Integer> labels,
    int answers) {}
