package dev.traitlab.experiments.emergentmisalignment;

import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import java.util.List;

/**
 * The misaligned rate of an arm by one measure (judge or oracle): per seed, the mean over seeds
 * with its 95% t interval, and pooled over seeds with a Wilson 95% interval ({@code counted}
 * answers, those coherent &ge; 50 with both scores).
 */
public record ArmRate(
    String arm,
    String measure,
    List<Double> perSeed,
    MeanInterval overSeeds,
    double pooled,
    Interval pooledInterval,
    int counted,
    int answers) {}
