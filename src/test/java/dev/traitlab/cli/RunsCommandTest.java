package dev.traitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.core.Json;
import dev.traitlab.experiments.subliminalmlp.SubliminalMlpConfig;
import dev.traitlab.experiments.subliminalmlp.SubliminalMlpExperiment;
import dev.traitlab.experiments.subliminalmlp.SubliminalMlpResult;
import dev.traitlab.lab.runs.Invocation;
import dev.traitlab.lab.runs.Run;
import dev.traitlab.lab.runs.RunProvenance;
import dev.traitlab.lab.runs.RunRecord;
import dev.traitlab.lab.runs.RunStore;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code traitlab runs}: each metric's mean, with its 95% interval where the result has one; the
 * command that resumes an interrupted run. {@code traitlab report}: the run's provenance.
 */
class RunsCommandTest {
  @TempDir Path tmp;

  private static RunRecord finished(String metrics) {
    return new RunRecord(
        "r",
        "x",
        RunRecord.FINISHED,
        "2026-01-01T00:00:00Z",
        null,
        "/nowhere",
        null,
        "{}",
        "[]",
        null,
        metrics,
        null,
        null,
        null);
  }

  @Test
  void aMetricWithAnIntervalShowsItAndOneWithoutShowsTheMeanAlone() throws Exception {
    RunRecord r = finished("{\"a\":0.308,\"b\":0.5,\"c\":null,\"d\":0.25}");
    Map<String, Interval> intervals = new LinkedHashMap<>();
    intervals.put("a", new Interval(0.213, 0.403));
    intervals.put("b", Interval.UNDEFINED);
    intervals.put("c", new Interval(0.1, 0.2));
    assertEquals(
        "a=0.3080 [0.2130, 0.4030]  b=0.5000  c=n/a  d=0.2500", RunsCommand.metrics(r, intervals));
    assertEquals("a=0.3080  b=0.5000  c=n/a  d=0.2500", RunsCommand.metrics(r, Map.of()));
  }

  /**
   * Two recorded subliminal-mlp runs, one over three seeds and one over one: 'runs' reads each
   * run's results.json back and shows the intervals of the first and none for the second.
   */
  @Test
  void runsShowsTheIntervalsOfARunOverSeveralSeedsAndNoneForOneSeed() throws Exception {
    Path runs = tmp.resolve("runs");
    String three = record(runs, MeanInterval.of(0.40, 0.45, 0.50));
    String one = record(runs, MeanInterval.of(0.45));

    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    StringWriter err = new StringWriter();
    assertEquals(
        0,
        Main.execute(cli, new PrintWriter(err, true), "runs", "--runs-dir", runs.toString()),
        err.toString());
    String threeLine = line(out.toString(), three);
    String oneLine = line(out.toString(), one);
    assertTrue(
        threeLine.endsWith("chance=0.1000  student_aux_same_init=0.4500 [0.3258, 0.5742]"),
        threeLine);
    assertTrue(oneLine.endsWith("chance=0.1000  student_aux_same_init=0.4500"), oneLine);
  }

  private static String record(Path runs, MeanInterval accuracy) {
    SubliminalMlpResult result =
        new SubliminalMlpResult(
            SubliminalMlpConfig.defaults(),
            List.of(),
            List.of(),
            Map.of(SubliminalMlpResult.AUX_SAME_INIT, accuracy),
            null,
            0.1,
            0,
            0,
            List.of());
    SubliminalMlpExperiment experiment = new SubliminalMlpExperiment();
    Run run = Run.start(runs, experiment.name(), SubliminalMlpConfig.defaults(), List.of(0L));
    run.finish(result, experiment.metrics(result));
    return run.id();
  }

  private static String line(String text, String runId) {
    return text.lines()
        .filter(l -> l.startsWith(runId))
        .findFirst()
        .orElseThrow(() -> new AssertionError(runId + " not in:\n" + text));
  }

  /**
   * An interrupted run shows the command that resumes it, until a rerun of the same experiment and
   * config resumes it: then it names that run instead.
   */
  @Test
  void anInterruptedRunShowsItsCommandUntilARunResumesIt() throws Exception {
    Path runs = tmp.resolve("runs");
    String command = "traitlab run subliminal-mlp --seeds 3 --runs-dir " + runs;
    RunStore store = deadRun(runs, command);
    String listed = runs(runs);
    assertTrue(
        listed.contains(
            "rerun its command to resume after the last finished stage\n"
                + "    commit abc\n"
                + "    to resume: "
                + command
                + "\n"),
        listed);

    store.markResumed("subliminal-mlp", "{}", "20260102-000000-subliminal-mlp-next");
    listed = runs(runs);
    assertTrue(
        listed.contains(
            " its process is gone; resumed by run 20260102-000000-subliminal-mlp-next\n"),
        listed);
    assertFalse(listed.contains("to resume:"), listed);
  }

  /**
   * The command shown to resume an interrupted --fresh run has no --fresh (it would recompute the
   * finished stages), and one whose recorded command had a secret redacted says so.
   */
  @Test
  void theResumeLineDropsFreshAndSaysWhenASecretWasRedacted() throws Exception {
    Path runs = tmp.resolve("runs");
    // As Invocation records 'run subliminal-mlp --fresh --seeds 3 --api-key abc123'.
    String command = "traitlab run subliminal-mlp --fresh --seeds 3 --api-key REDACTED";
    deadRun(runs, command);
    String listed = runs(runs);
    assertTrue(
        listed.contains(
            "    to resume: traitlab run subliminal-mlp --seeds 3 --api-key REDACTED"
                + " (a secret was redacted: put it back before running)\n"),
        listed);
    assertFalse(listed.contains("--fresh"), listed);
  }

  /**
   * 'report RUN' puts the run's commit and command line at the head of report.html and in its
   * Provenance section, from results.json; a results.json from before results kept their provenance
   * gets them from the runs database.
   */
  @Test
  void aRebuiltReportShowsTheCommitAndCommandOfItsRun() throws Exception {
    Path runs = tmp.resolve("runs");
    Invocation.set(List.of("run", "subliminal-mlp", "--seeds", "1"));
    String id;
    try {
      SubliminalMlpExperiment experiment = new SubliminalMlpExperiment();
      SubliminalMlpResult result =
          new SubliminalMlpResult(
              SubliminalMlpConfig.defaults(),
              List.of(784, 10),
              List.of(new SubliminalMlpResult.SeedAccuracy(0, 0.9, 0.45, 0.4, 0.5)),
              Map.of(
                  SubliminalMlpResult.TEACHER, MeanInterval.of(0.9),
                  SubliminalMlpResult.AUX_SAME_INIT, MeanInterval.of(0.45),
                  SubliminalMlpResult.AUX_CROSS_INIT, MeanInterval.of(0.4),
                  SubliminalMlpResult.ALL_SAME_INIT, MeanInterval.of(0.5)),
              null,
              0.1,
              100,
              10,
              List.of());
      Run run = Run.start(runs, experiment.name(), SubliminalMlpConfig.defaults(), List.of(0L));
      run.finish(result, experiment.metrics(result));
      id = run.id();
    } finally {
      Invocation.clear();
    }
    RunRecord run = new RunStore(runs).find(id).orElseThrow();
    String head = RunProvenance.of(run).commitText() + " · traitlab run subliminal-mlp --seeds 1";
    Path dir = Path.of(run.directory());
    Path html = dir.resolve("report.html");
    assertEquals(0, report(runs, id));
    String text = Files.readString(html);
    assertTrue(text.contains("<p class=\"meta\">" + head + "</p>"), text);
    assertTrue(text.contains("<h2>Provenance</h2>"), text);
    assertTrue(text.contains("<td>commit</td><td>" + run.gitCommit() + "</td>"), text);

    JsonNode results = Json.readTree(dir.resolve("results.json"));
    ((ObjectNode) results).remove(Run.PROVENANCE);
    Json.write(dir.resolve("results.json"), results);
    Files.delete(html);
    assertEquals(0, report(runs, id));
    assertTrue(Files.readString(html).contains(head), Files.readString(html));
  }

  /**
   * A runs folder whose database holds one subliminal-mlp run, recorded as running by a process of
   * this host that is gone (so listed as interrupted), with {@code command}; its store.
   */
  private static RunStore deadRun(Path runs, String command) {
    RunStore store = new RunStore(runs);
    String self = RunStore.currentProcess();
    String gone = self.substring(0, self.indexOf(':')) + ":2147483646:2026-01-01T00:00:00Z";
    store.insert(
        new RunRecord(
            "20260101-000000-subliminal-mlp-dead",
            "subliminal-mlp",
            RunRecord.RUNNING,
            "2026-01-01T00:00:00Z",
            null,
            runs.resolve("dead").toString(),
            "abc",
            "{}",
            "[0]",
            null,
            null,
            null,
            null,
            gone,
            command,
            null));
    return store;
  }

  private static int report(Path runs, String id) {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    int code =
        Main.execute(cli, new PrintWriter(err, true), "report", id, "--runs-dir", runs.toString());
    assertEquals(0, code, err.toString());
    return code;
  }

  private static String runs(Path runs) {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    StringWriter err = new StringWriter();
    assertEquals(
        0,
        Main.execute(cli, new PrintWriter(err, true), "runs", "--runs-dir", runs.toString()),
        err.toString());
    return out.toString();
  }
}
