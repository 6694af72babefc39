/**
 * The record of runs: {@link RunStore} is the SQLite runs database ({@code traitlab.db} in the runs
 * directory), one {@link RunRecord} row per run (config, seeds, git commit, library versions,
 * process, status, metrics, per-stage timings; JSON columns as text, readable in the sqlite3
 * shell); {@link Run} pairs a row with its directory ({@code config.json}, {@code results.json},
 * {@code report.html}), which carry its {@link RunProvenance} (commit, versions, the command line
 * of {@link Invocation}). {@code traitlab runs} and {@code traitlab report} read them ({@link
 * RunStore#existing}, creating nothing). Imports only {@code core}; never {@code experiments} or
 * {@code cli}.
 */
package dev.traitlab.lab.runs;
