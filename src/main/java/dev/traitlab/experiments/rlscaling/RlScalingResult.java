package dev.traitlab.experiments.rlscaling;

import dev.traitlab.lab.stages.Stages;
import java.util.List;

/**
 * What a run of the RL scaling-law sweep found.
 *
 * @param config the run's settings
 * @param trainImages images the environment draws from
 * @param observationSize pixels per (pooled) image
 * @param horizons one analysis per horizon, in the config's (ascending) order
 * @param exponentShifts per horizon, its compute-optimal size exponent minus the first horizon's
 *     (bootstrap interval of the difference; 0 for the first)
 * @param sampleMultipliers per horizon, the interactions it needs over the first horizon's for the
 *     same return at the same width ({@link SampleMultiplier}; bootstrap interval; NaN with no
 *     interval when no width's curves share a range of returns)
 * @param shared the law fitted to every horizon with shared exponents (null with one horizon)
 * @param stages what happened to each stage
 */
public record RlScalingResult(
    RlScalingConfig config,
    int trainImages,
    int observationSize,
    List<HorizonFit> horizons,
    List<HorizonFit.Estimate> exponentShifts,
    List<HorizonFit.Estimate> sampleMultipliers,
    SharedFit shared,
    List<Stages.StageRecord> stages) {}
