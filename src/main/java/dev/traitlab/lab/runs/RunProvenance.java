package dev.traitlab.lab.runs;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.traitlab.core.Json;
import dev.traitlab.core.Provenance;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a run came from, kept with its shareable outputs: the {@code provenance} object of its
 * {@code config.json} (written when it starts) and {@code results.json} (when it finishes), and the
 * head of its {@code report.html}. The runs database keeps the same commit, versions and command in
 * its columns.
 *
 * @param commit the git commit of the working tree traitlab ran from ({@link
 *     Provenance#gitCommit()} without its "-dirty"), "unknown" outside a checkout
 * @param dirty whether that tree had uncommitted changes to tracked files
 * @param command the command line that started the run, secret-looking values redacted ({@link
 *     Invocation}); null for a run not started from the CLI
 * @param directory the working directory it was started in (relative paths of the command are
 *     relative to it)
 * @param versions traitlab's, the JDK's and the libraries' versions ({@link
 *     Provenance#libraries()})
 * @param stagesFromOtherCommits the cached stages the run reused that another commit computed (or
 *     one that did not record its commit): stage keys hash inputs, not code, so their outputs may
 *     come from older code; empty until the run finishes
 */
public record RunProvenance(
    String commit,
    boolean dirty,
    String command,
    String directory,
    Map<String, String> versions,
    List<StageOrigin> stagesFromOtherCommits) {

  /**
   * A reused stage and the commit that computed it, and when (null when it did not record them).
   */
  public record StageOrigin(String stage, String key, String commit, String computedAt) {}

  private static final String DIRTY = "-dirty";

  public RunProvenance {
    versions = versions == null ? Map.of() : versions;
    stagesFromOtherCommits = stagesFromOtherCommits == null ? List.of() : stagesFromOtherCommits;
  }

  /** This process's provenance: commit, versions, command line, working directory. */
  public static RunProvenance current() {
    return of(
        Provenance.gitCommit(),
        Provenance.libraries(),
        Invocation.current(),
        Path.of("").toAbsolutePath().toString());
  }

  /**
   * From a commit as {@link Provenance#gitCommit()} gives it (with "-dirty" when it has changes).
   */
  static RunProvenance of(
      String gitCommit, Map<String, String> versions, String command, String directory) {
    String commit = gitCommit == null ? "unknown" : gitCommit;
    boolean dirty = commit.endsWith(DIRTY);
    return new RunProvenance(
        dirty ? commit.substring(0, commit.length() - DIRTY.length()) : commit,
        dirty,
        command,
        directory,
        versions,
        List.of());
  }

  /**
   * What the runs database knows of a run (for a run whose {@code results.json} was written before
   * results kept their provenance): its commit, versions and command.
   */
  public static RunProvenance of(RunRecord run) {
    Map<String, String> versions = Map.of();
    if (run.versions() != null) {
      try {
        versions =
            Json.MAPPER.readValue(run.versions(), new TypeReference<Map<String, String>>() {});
      } catch (java.io.IOException e) {
        // an unreadable versions column is the same as none
      }
    }
    return of(run.gitCommit(), versions, run.command(), null);
  }

  /** The commit in the form the runs database keeps: with "-dirty" when the tree had changes. */
  public String gitCommit() {
    return dirty ? commit + DIRTY : commit;
  }

  public RunProvenance withStagesFromOtherCommits(List<StageOrigin> stages) {
    return new RunProvenance(commit, dirty, command, directory, versions, stages);
  }

  /** "commit 1a2b3c4d5e6f (dirty)": the commit shortened to 12 characters. */
  public String commitText() {
    return "commit "
        + (commit.length() > 12 ? commit.substring(0, 12) : commit)
        + (dirty ? " (dirty)" : "");
  }

  /** "traitlab 0.1.0 · java 25 · djl 0.35.0 ...": every version, in order. */
  public String versionsText() {
    StringBuilder out = new StringBuilder();
    versions.forEach(
        (k, v) -> out.append(out.isEmpty() ? "" : " · ").append(k).append(' ').append(v));
    return out.toString();
  }
}
