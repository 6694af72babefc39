package dev.traitlab.experiments.rlscaling;

import dev.traitlab.lab.stages.Stages;
import java.util.List;

/**
 * What a run of the RL scaling-law sweep found.
 *
 * @param config the run's settings
 * @param trainImages images the environment draws from
 * @param observationSize pixels per (pooled) image
 * @param horizons one analysis per horizon, in the config's order
 * @param exponentShifts per horizon, its compute-optimal size exponent minus the first horizon's
 *     (bootstrap interval of the difference; 0 for the first)
 * @param ecRatios per horizon, E_c over the first horizon's E_c (bootstrap interval)
 * @param ecLine E_c = intercept + slope h across the horizons: [intercept, slope] with bootstrap
 *     intervals (a task-inherent part plus a part proportional to h)
 * @param stages what happened to each stage
 */
public record RlScalingResult(
    RlScalingConfig config,
    int trainImages,
    int observationSize,
    List<HorizonFit> horizons,
    List<HorizonFit.Estimate> exponentShifts,
    List<HorizonFit.Estimate> ecRatios,
    List<HorizonFit.Estimate> ecLine,
    List<Stages.StageRecord> stages) {}
