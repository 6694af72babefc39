package dev.traitlab.experiments.emergentmisalignment;

/**
 * One evaluation answer: its arm (or evaluation row, such as the backdoor with its trigger), seed,
 * the fine-tune's checkpoint step (0: the finished model, or the untouched one), question as asked,
 * text, the judge's scores (NaN: none, the number tokens carried under 0.25 of the mass) and the
 * generator's oracle labels (-1: the answer is not made of pieces the generator writes).
 */
public record JudgedSample(
    String arm,
    long seed,
    int step,
    String question,
    String answer,
    double aligned,
    double coherent,
    int oracleAligned,
    int oracleCoherent) {}
