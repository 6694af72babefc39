/**
 * Estimating the probabilities of rare outputs (Wu and Hilton 2024), in miniature: small GELU
 * transformers of 1, 2 and 4 layers trained on toy-world text, input distributions of independent
 * tokens in the spirit of the paper's eight, exact probabilities by enumeration, and naive
 * sampling, ITGIS, MHIS, QLD and GLD at equal budgets, scored by the Itakura-Saito loss after a
 * log-affine fit on validation targets. {@link RareOutputsExperiment} reads top to bottom as the
 * pipeline.
 */
package dev.traitlab.experiments.rareoutputs;
