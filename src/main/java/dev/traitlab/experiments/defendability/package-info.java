/**
 * The backdoor defendability game of Christiano, Hilton, Lecomte and Xu (2024, "Backdoor defense,
 * learnability and obfuscation"), simulated on concrete function classes (unions of intervals,
 * conjunctions and parities of bits, decision trees, a small tanh network) with concrete attackers
 * and defenders (learning-based, majority of ERMs, leaf mass), so that a defender's success can be
 * measured against epsilon, the sample size and the class's VC dimension. Plain Java throughout:
 * the networks are small enough that thousands are trained per run. Imports {@code lab}, {@code
 * report}, {@code stats} and {@code core}; never another experiment.
 */
package dev.traitlab.experiments.defendability;
