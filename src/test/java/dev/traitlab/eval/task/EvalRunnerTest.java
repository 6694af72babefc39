package dev.traitlab.eval.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.traitlab.eval.ScriptedModel;
import dev.traitlab.eval.metrics.MeanMetric;
import dev.traitlab.model.AuthenticationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvalRunnerTest {
  private static Task<Integer> task(List<Long> seeds) {
    List<Sample<Integer>> samples = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      samples.add(new Sample<>("s" + i, "in" + i, "", i));
    }
    return new Task<>(
        "t",
        samples,
        (s, m, seed) -> {
          seeds.add(seed);
          return SolverOutput.generated("p", "o", Map.of());
        },
        (s, out) -> Map.of("x", (double) s.item()),
        List.of(MeanMetric.of("x")));
  }

  @Test
  void limitTakesTheFirstSamplesAndEpochsRepeatThemWithOtherSeeds() {
    List<Long> seeds = new ArrayList<>();
    EvalRun run =
        EvalRunner.run(task(seeds), ScriptedModel.scoring((p, c) -> 0.0), new EvalConfig(3, 2, 42));
    assertEquals(6, run.results().size());
    assertEquals(
        List.of("s0", "s1", "s2", "s0", "s1", "s2"),
        run.results().stream().map(SampleResult::sampleId).toList());
    assertEquals(1, run.results().get(4).epoch());
    assertEquals(1.0, run.metric("x").value(), 1e-12);
    assertEquals(6, run.metric("x").n());
    assertEquals(6, seeds.stream().distinct().count());
  }

  @Test
  void sampleSeedsDependOnSeedEpochAndIndexOnly() {
    List<Long> a = new ArrayList<>();
    List<Long> b = new ArrayList<>();
    EvalRunner.run(task(a), ScriptedModel.scoring((p, c) -> 0.0), new EvalConfig(0, 1, 7));
    EvalRunner.run(task(b), ScriptedModel.scoring((p, c) -> 0.0), new EvalConfig(2, 1, 7));
    assertEquals(a.subList(0, 2), b);
    List<Long> c = new ArrayList<>();
    EvalRunner.run(task(c), ScriptedModel.scoring((p, x) -> 0.0), new EvalConfig(2, 1, 8));
    assertNotEquals(b, c);
  }

  @Test
  void samplesTheModelRefusesAreKeptUnscoredAndCounted() {
    List<Sample<Integer>> samples = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      samples.add(new Sample<>("s" + i, "in" + i, "", i));
    }
    Task<Integer> t =
        new Task<>(
            "t",
            samples,
            (s, m, seed) -> {
              double lp = m.score("p" + s.item(), List.of("x")).get(0).total();
              return SolverOutput.generated("p", "o", Map.of("lp", lp));
            },
            (s, out) -> Map.of("x", 1.0),
            List.of(MeanMetric.of("x")));
    ScriptedModel refusesOdd =
        ScriptedModel.scoring(
            (p, c) -> {
              if (p.endsWith("1") || p.endsWith("3")) {
                throw new dev.traitlab.core.TraitlabException(
                    "prompt of 300 tokens does not fit its 256");
              }
              return 0.0;
            });
    EvalRun run = EvalRunner.run(t, refusesOdd, EvalConfig.defaults());
    assertEquals(4, run.results().size());
    assertEquals(0.5, run.metric(EvalRunner.FAILED).value(), 1e-12);
    assertEquals(2, run.metric("x").n());
    assertEquals(
        "prompt of 300 tokens does not fit its 256",
        run.results().get(1).output().details().get(EvalRunner.ERROR));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            EvalRunner.run(t, ScriptedModel.scoring((p, c) -> 0.0), EvalConfig.defaults())
                .metric(EvalRunner.FAILED));
  }

  @Test
  void refusedCredentialsStopTheRunAtTheFirstCall() {
    List<Long> calls = new ArrayList<>();
    Task<Integer> t = task(calls);
    Task<Integer> refused =
        new Task<>(
            "t",
            t.samples(),
            (s, m, seed) -> {
              calls.add(seed);
              throw new AuthenticationException(401, "HTTP 401 invalid_api_key");
            },
            t.scorer(),
            t.metrics());
    AuthenticationException e =
        assertThrows(
            AuthenticationException.class,
            () ->
                EvalRunner.run(
                    refused, ScriptedModel.scoring((p, c) -> 0.0), EvalConfig.defaults()));
    assertEquals(401, e.status());
    assertEquals(1, calls.size());
  }

  @Test
  void aBatchRefusedForItsCredentialsStopsTheRun() {
    Task<Integer> t = task(new ArrayList<>());
    BatchSolver<Integer> refused =
        (samples, m, seed) -> {
          throw new AuthenticationException(403, "HTTP 403");
        };
    Task<Integer> batched = new Task<>("t", t.samples(), refused, t.scorer(), t.metrics());
    assertThrows(
        AuthenticationException.class,
        () -> EvalRunner.run(batched, ScriptedModel.scoring((p, c) -> 0.0), EvalConfig.defaults()));
  }

  @Test
  void aTaskWithoutSamplesIsRefused() {
    Task<Integer> empty =
        new Task<>(
            "empty",
            List.of(),
            (s, m, seed) -> null,
            (s, o) -> Map.of(),
            List.of(MeanMetric.of("x")));
    dev.traitlab.core.TraitlabException e =
        assertThrows(
            dev.traitlab.core.TraitlabException.class,
            () ->
                EvalRunner.run(empty, ScriptedModel.scoring((p, c) -> 0.0), EvalConfig.defaults()));
    assertEquals("empty: the task has no samples (is its file empty?)", e.getMessage());
  }

  @Test
  void badConfigAndDuplicateIdsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new EvalConfig(-1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new EvalConfig(0, 0, 0));
    List<Sample<Integer>> dup = List.of(new Sample<>("a", "", "", 1), new Sample<>("a", "", "", 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Task<>("t", dup, (s, m, seed) -> null, (s, o) -> Map.of(), List.of()));
  }
}
