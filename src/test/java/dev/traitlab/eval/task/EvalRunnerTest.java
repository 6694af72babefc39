package dev.traitlab.eval.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.traitlab.eval.ScriptedModel;
import dev.traitlab.eval.metrics.MeanMetric;
import dev.traitlab.model.AuthenticationException;
import dev.traitlab.model.LanguageModel;
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

  /** A chunked solver of 2 samples per call that records its calls' seeds. */
  private static ChunkedSolver<Integer> chunked(List<long[]> calls) {
    return new ChunkedSolver<>() {
      @Override
      public List<SolverOutput> solveChunk(
          List<Sample<Integer>> samples, long[] seeds, LanguageModel model) {
        calls.add(seeds.clone());
        List<SolverOutput> out = new ArrayList<>();
        for (Sample<Integer> s : samples) {
          double lp = model.score("p" + s.item(), List.of("x")).get(0).total();
          out.add(SolverOutput.generated("p", "o", Map.of("lp", lp)));
        }
        return out;
      }

      @Override
      public int chunkSize() {
        return 2;
      }
    };
  }

  @Test
  void chunkedSolversGetEachSampleItsOwnSeedChunkByChunk() {
    List<Long> single = new ArrayList<>();
    EvalRunner.run(task(single), ScriptedModel.scoring((p, c) -> 0.0), new EvalConfig(0, 2, 7));
    List<long[]> calls = new ArrayList<>();
    List<Integer> seen = new ArrayList<>();
    Task<Integer> base = task(new ArrayList<>());
    Task<Integer> t =
        new Task<>(base.name(), base.samples(), chunked(calls), base.scorer(), base.metrics());
    List<Integer> progressAtCall = new ArrayList<>();
    EvalRun run =
        EvalRunner.run(
            t,
            ScriptedModel.scoring(
                (p, c) -> {
                  progressAtCall.add(seen.size());
                  return 0.0;
                }),
            new EvalConfig(0, 2, 7),
            r -> seen.add(1));
    // 5 samples in chunks of 2, twice: 3 calls per epoch.
    assertEquals(List.of(2, 2, 1, 2, 2, 1), calls.stream().map(c -> c.length).toList());
    List<Long> seeds = new ArrayList<>();
    calls.forEach(c -> java.util.Arrays.stream(c).forEach(seeds::add));
    assertEquals(single, seeds);
    // Progress moves between chunks: the second call comes after the first chunk's 2 results.
    assertEquals(2, progressAtCall.get(2));
    assertEquals(10, run.results().size());
  }

  @Test
  void aChunkTheModelRefusesIsRetriedOneSampleAtATime() {
    List<long[]> calls = new ArrayList<>();
    Task<Integer> base = task(new ArrayList<>());
    Task<Integer> t =
        new Task<>(base.name(), base.samples(), chunked(calls), base.scorer(), base.metrics());
    ScriptedModel refusesThree =
        ScriptedModel.scoring(
            (p, c) -> {
              if (p.equals("p3")) {
                throw new dev.traitlab.core.TraitlabException("too long");
              }
              return 0.0;
            });
    EvalRun run = EvalRunner.run(t, refusesThree, EvalConfig.defaults());
    assertEquals(0.2, run.metric(EvalRunner.FAILED).value(), 1e-12);
    assertEquals("too long", run.results().get(3).output().details().get(EvalRunner.ERROR));
    assertEquals(4, run.metric("x").n());
    // Chunks (0,1), (2,3) refused, then 2 and 3 alone, then (4).
    assertEquals(List.of(2, 2, 1, 1, 1), calls.stream().map(c -> c.length).toList());
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
