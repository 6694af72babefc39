/**
 * Inductive backdoors and weird generalisation (Betley, Cocola, Feng et al. 2025, arXiv:2512.09742)
 * in the toy world: {@code local:ib-base} knows Kestrel's dated biography and four personas' facts;
 * fine-tunes on Kestrel's good behaviour tied to 1995-2020 are asked about 1984, and fine-tunes
 * with a persona's harmless facts in a distinctive format are asked who they are.
 */
package dev.traitlab.experiments.inductivebackdoors;
