/**
 * What every layer shares: {@link Json} (the one Jackson mapper, keys sorted so that equal values
 * serialise to equal bytes), {@link Hashing} (SHA-256 of configs, data and files: cache keys and
 * model identities), {@link Seeds} (independent seeds derived from a run's seed and a purpose),
 * {@link Progress} (the one progress callback), {@link TextTemplate} (prompt templates with {@code
 * {name}} placeholders, filled in one pass), {@link Provenance} (traitlab's version and git commit,
 * library versions, the JVM), {@link Figures} (numbers as reports print them: n/a, never NaN),
 * {@link FileErrors} (why a file operation failed, in words) and {@link TraitlabException} (an
 * error the user can act on, reported in one line without a stack trace). Layer 0: imports no other
 * traitlab package, so that every package may import it.
 */
package dev.traitlab.core;
