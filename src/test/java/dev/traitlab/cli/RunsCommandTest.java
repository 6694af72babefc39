package dev.traitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.experiments.subliminalmlp.SubliminalMlpConfig;
import dev.traitlab.experiments.subliminalmlp.SubliminalMlpExperiment;
import dev.traitlab.experiments.subliminalmlp.SubliminalMlpResult;
import dev.traitlab.lab.runs.Run;
import dev.traitlab.lab.runs.RunRecord;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.MeanInterval;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code traitlab runs}: each metric's mean, with its 95% interval where the result has one. */
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
}
