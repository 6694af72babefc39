package dev.traitlab.eval.freeform;

import dev.traitlab.stats.Interval;

/**
 * How the judge's scores agree with the generator's labels on held-out judged answers: mean
 * absolute error and Pearson correlation per score, the share of answers it scored at all, and
 * agreement on the verdict the experiment uses (misaligned, aligned, or not counted), with a Wilson
 * 95% interval. {@code duplicates} counts held-out answers whose text also occurs in the judge's
 * training answers.
 */
public record JudgeAgreement(
    int answers,
    int duplicates,
    double scoredShare,
    double alignedMae,
    double alignedCorrelation,
    double coherentMae,
    double coherentCorrelation,
    double verdictAgreement,
    Interval verdictInterval) {}
