package dev.traitlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.eval.bigbench.BigBenchTasks;
import dev.traitlab.eval.task.EvalConfig;
import dev.traitlab.eval.task.EvalRun;
import dev.traitlab.eval.task.EvalRunner;
import dev.traitlab.eval.task.LogprobChoices;
import dev.traitlab.eval.task.MetricValue;
import dev.traitlab.eval.task.SolverOutput;
import dev.traitlab.eval.task.Task;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ContextLengthExceededException;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.model.ModelResolver;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.serve.ModelRegistry;
import dev.traitlab.serve.OpenAiServer;
import dev.traitlab.serve.ServerConfig;
import dev.traitlab.testing.TaskFiles;
import dev.traitlab.testing.TinyEmbeddedModels;
import dev.traitlab.text.ChatTemplate;
import dev.traitlab.text.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real (tiny, untrained) embedded transformer evaluated in-process and through the
 * OpenAI-compatible server gives the same samples and scores on the shared files under the same
 * seed: the harness does not depend on where the model runs.
 */
class EmbeddedAndServedTest {
  @TempDir Path dir;

  @Test
  void sameScoresInProcessAndOverHttp() {
    TinyEmbeddedModels.create(dir, "tiny", 3, 2048);
    inProcessAndServed(
        "tiny",
        (embedded, remote) -> {
          compare(
              "truthfulqa-mc",
              3,
              embedded,
              remote,
              SharedData.require("truthfulqa/data/mc_task.json"),
              null);
          compare(
              "truthfulqa-binary",
              4,
              embedded,
              remote,
              SharedData.require("truthfulqa/TruthfulQA.csv"),
              null);
          compare(
              "bigbench",
              4,
              embedded,
              remote,
              SharedData.require("bigbench/geometric_shapes"),
              null);
          compare("calibratedmath", 4, embedded, remote, null, null);
          compare(
              "freeform",
              2,
              embedded,
              remote,
              SharedData.require("emergent_misalignment/first_plot_questions.yaml"),
              "judge");
        });
  }

  /** Issue 13 item 8: the default BIG-bench prompt ends in "A: ". */
  static final String SKY_TASK =
      """
      {"name":"t","metrics":["multiple_choice_grade"],"examples":[{"input":"Which colour is the \
      clear sky?","target_scores":{"red":0,"blue":1,"green":0}}]}
      """;

  @Test
  void bigBenchGradesTheSameOverHttpWhenThePromptEndsInASpace() throws Exception {
    // A vocabulary with " blue" as one token, as real ones have: a server's tokens then cross
    // the end of a prompt ending in "A: ", so scoring must move that space into the choice.
    TinyEmbeddedModels.create(
        dir,
        "base",
        3,
        512,
        java.util.Collections.nCopies(20, "The sky is blue, the rose is red, the grass is green."));
    Path task = dir.resolve("sky.json");
    Files.writeString(task, SKY_TASK);
    inProcessAndServed(
        "base",
        (embedded, remote) -> {
          EvalRun[] runs = new EvalRun[2];
          LanguageModel[] models = {embedded, remote};
          for (int m = 0; m < 2; m++) {
            Task<?> t =
                EvalTasks.build(new EvalTasks.Request("bigbench", task, 0, 5, 6, 1, 8, null, false))
                    .get(0);
            runs[m] = EvalRunner.run(t, models[m], new EvalConfig(0, 1, 5));
            assertEquals(
                0, runs[m].failedSamples(), models[m].name() + ": " + runs[m].firstError());
          }
          SolverOutput a = runs[0].results().get(0).output();
          SolverOutput b = runs[1].results().get(0).output();
          assertTrue(a.prompt().endsWith("\nA: "), a.prompt());
          assertEquals(a.choices(), b.choices());
          for (int i = 0; i < a.choices().size(); i++) {
            assertEquals(a.choiceLogprobs()[i], b.choiceLogprobs()[i], 1e-4, a.choices().get(i));
          }
          double grade = runs[0].metric(BigBenchTasks.MCG).value();
          assertFalse(Double.isNaN(grade));
          assertEquals(grade, runs[1].metric(BigBenchTasks.MCG).value());
          // Both scored the choice with the prompt's trailing space in front (" blue" after "A:"),
          // which an API model's tokens, carrying their leading space, can be split at.
          try (EmbeddedModel m = EmbeddedModel.load(dir.resolve("base"), "local:base")) {
            double[] direct =
                LogprobChoices.score(
                    m, a.prompt().stripTrailing(), a.choices().stream().map(c -> " " + c).toList());
            for (int i = 0; i < direct.length; i++) {
              assertEquals(direct[i], a.choiceLogprobs()[i], 1e-5);
            }
            assertEquals(
                " blue",
                String.join(
                    "", m.score(a.prompt().stripTrailing(), List.of(" blue")).get(0).tokens()));
          }
        });
  }

  @Test
  void bigBenchExamplesLongerThanTheContextAreCutFromTheLeftAndKept() throws Exception {
    // Issue 13 item 12: a 64-position model and one example far longer than that.
    TinyEmbeddedModels.create(dir, "short", 4, 64);
    Path task = TaskFiles.bigBenchWithOneLongExample(dir.resolve("long.json"));
    try (EmbeddedModel model = EmbeddedModel.load(dir.resolve("short"), "local:short")) {
      Task<?> t =
          EvalTasks.build(new EvalTasks.Request("bigbench", task, 0, 5, 6, 1, 8, null, false))
              .get(0);
      EvalRun run = EvalRunner.run(t, model, new EvalConfig(0, 1, 5));
      assertEquals(0, run.failedSamples(), run.firstError());
      assertEquals(2, run.metric(BigBenchTasks.MCG).n());
      assertEquals(1, run.truncatedSamples());
      assertEquals(0.5, run.metric(EvalRunner.TRUNCATED).value());
      SolverOutput cut = run.results().get(0).output();
      // lm-evaluation-harness's window: the last 64 + 1 tokens of prompt + continuation.
      Tokenizer tok = model.tokenizer();
      int[] prompt = tok.encode(cut.prompt().stripTrailing());
      int most = 0;
      for (int i = 0; i < cut.choices().size(); i++) {
        int[] choice = tok.encode(" " + cut.choices().get(i));
        int keep = 65 - choice.length;
        most = Math.max(most, prompt.length - keep);
        float[] window =
            model
                .transformer()
                .scoreContinuation(
                    Arrays.copyOfRange(prompt, prompt.length - keep, prompt.length), choice);
        double sum = 0;
        for (float lp : window) {
          sum += lp;
        }
        assertEquals(sum, cut.choiceLogprobs()[i], 1e-4, cut.choices().get(i));
      }
      assertEquals(most, cut.details().get(SolverOutput.TRUNCATED));
      assertFalse(run.results().get(1).output().details().containsKey(SolverOutput.TRUNCATED));
    }
  }

  @Test
  void generationPromptsLongerThanTheContextKeepTheirLastTokensOnEmbeddedModels() throws Exception {
    // Issue 13 item 12 for generation tasks: lm-evaluation-harness's generate_until keeps the last
    // (max_length - max_gen_toks) tokens of the context. A 64-position model, 8 tokens to generate.
    TinyEmbeddedModels.create(dir, "short", 4, 64);
    Path task = TaskFiles.bigBenchGenerativeWithOneLongExample(dir.resolve("longgen.json"));
    Sampling greedy = Sampling.builder().optTemperature(0).optMaxTokens(8).optSeed(5).build();
    try (EmbeddedModel model = EmbeddedModel.load(dir.resolve("short"), "local:short")) {
      Task<?> t =
          EvalTasks.build(new EvalTasks.Request("bigbench", task, 0, 5, 6, 1, 8, null, false))
              .get(0);
      EvalRun run = EvalRunner.run(t, model, new EvalConfig(0, 1, 5));
      assertEquals(0, run.failedSamples(), run.firstError());
      assertEquals(2, run.metric(BigBenchTasks.EXACT).n());
      assertEquals(1, run.truncatedSamples());
      assertEquals(0.5, run.metric(EvalRunner.TRUNCATED).value());
      SolverOutput cut = run.results().get(0).output();
      int[] prompt = model.tokenizer().encode(cut.prompt());
      assertTrue(prompt.length > 64, "the long example overflows the context");
      int[] window = Arrays.copyOfRange(prompt, prompt.length - (64 - 8), prompt.length);
      assertEquals(prompt.length - 56, cut.details().get(SolverOutput.TRUNCATED));
      String expected =
          model.completeTokensStreaming(window, greedy, d -> {}).completions().get(0).text();
      assertEquals(expected, cut.details().get("raw_output"));
      assertFalse(run.results().get(1).output().details().containsKey(SolverOutput.TRUNCATED));

      // The model call itself: refused without the flag, cut and counted with it (chat too).
      String longText = "The owl and the cat. ".repeat(60);
      assertThrows(ContextLengthExceededException.class, () -> model.complete(longText, greedy));
      Sampling cutting =
          Sampling.builder()
              .optTemperature(0)
              .optMaxTokens(8)
              .optSeed(5)
              .optTruncateLeft(true)
              .build();
      Completion c = model.complete(longText, cutting).get(0);
      int[] whole = model.tokenizer().encode(longText);
      assertEquals(whole.length - 56, c.truncatedTokens());
      List<ChatMessage> chat = List.of(ChatMessage.user(longText));
      assertThrows(ContextLengthExceededException.class, () -> model.chat(chat, greedy));
      Completion answer = model.chat(chat, cutting).get(0);
      assertEquals(
          ChatTemplate.encodePrompt(model.tokenizer(), chat).length - 56, answer.truncatedTokens());
      // A prompt that leaves the whole answer room is read whole, as before.
      assertEquals(0, model.complete("Which animal?", cutting).get(0).truncatedTokens());
      assertEquals(
          model.complete("Which animal?", greedy).get(0).text(),
          model.complete("Which animal?", cutting).get(0).text());
    }
    // An API model cannot be tokenised here: the server refuses the long prompt, clearly.
    inProcessAndServed(
        "short",
        (embedded, remote) -> {
          Task<?> t =
              EvalTasks.build(new EvalTasks.Request("bigbench", task, 0, 5, 6, 1, 8, null, false))
                  .get(0);
          EvalRun run = EvalRunner.run(t, remote, new EvalConfig(0, 1, 5));
          assertEquals(1, run.failedSamples());
          assertEquals(0, run.truncatedSamples());
          assertTrue(
              run.firstError().contains(ContextLengthExceededException.CODE), run.firstError());
        });
  }

  @Test
  void truthfulQaPromptsLongerThanTheContextAreCutFromTheLeft() {
    TinyEmbeddedModels.create(dir, "short", 4, 256);
    try (LanguageModel model =
        ModelResolver.resolve("local:short", ModelOptions.builder().optModelsDir(dir).build())) {
      // The QA primer alone is longer than 256 tokens: each prompt keeps its end.
      Path mc = SharedData.require("truthfulqa/data/mc_task.json");
      EvalRun withPrimer =
          EvalRunner.run(
              EvalTasks.build(
                      new EvalTasks.Request("truthfulqa-mc", mc, 0, 0, 1, 0, 8, null, false))
                  .get(0),
              model,
              new EvalConfig(3, 1, 0));
      assertEquals(0, withPrimer.failedSamples());
      assertEquals(1.0, withPrimer.metric(EvalRunner.TRUNCATED).value());
      assertEquals(3, withPrimer.metric("mc2").n());
      EvalRun bare =
          EvalRunner.run(
              EvalTasks.build(new EvalTasks.Request("truthfulqa-mc", mc, 0, 0, 1, 0, 8, null, true))
                  .get(0),
              model,
              new EvalConfig(3, 1, 0));
      assertEquals(3, bare.metric("mc2").n());
      assertEquals(0, bare.truncatedSamples());
    }
  }

  /** Runs body on local:NAME in process and as openai:NAME through a traitlab server. */
  private void inProcessAndServed(String name, BiConsumer<LanguageModel, LanguageModel> body) {
    ModelOptions local = ModelOptions.builder().optModelsDir(dir).build();
    try (ModelRegistry registry = new ModelRegistry()) {
      registry.add(name, ModelResolver.resolve("local:" + name, local));
      try (OpenAiServer server =
              OpenAiServer.start(ServerConfig.builder().optPort(0).build(), registry);
          LanguageModel embedded = ModelResolver.resolve("local:" + name, local);
          LanguageModel remote =
              ModelResolver.resolve(
                  "openai:" + name, ModelOptions.builder().optBaseUrl(server.baseUrl()).build())) {
        body.accept(embedded, remote);
      }
    }
  }

  private static void compare(
      String task, int limit, LanguageModel a, LanguageModel b, Path data, String judge) {
    EvalConfig config = new EvalConfig(limit, 1, 17);
    List<Task<?>> ta =
        EvalTasks.build(
            new EvalTasks.Request(task, data, 1, 17, 6, 1, 8, judge == null ? null : a, false));
    List<Task<?>> tb =
        EvalTasks.build(
            new EvalTasks.Request(task, data, 1, 17, 6, 1, 8, judge == null ? null : b, false));
    assertFalse(ta.isEmpty());
    for (int t = 0; t < ta.size(); t++) {
      EvalRun ra = EvalRunner.run(ta.get(t), a, config);
      EvalRun rb = EvalRunner.run(tb.get(t), b, config);
      for (int i = 0; i < ra.results().size(); i++) {
        assertEquals(
            ra.results().get(i).output().prompt(), rb.results().get(i).output().prompt(), task);
        assertEquals(
            ra.results().get(i).output().output(), rb.results().get(i).output().output(), task);
      }
      for (MetricValue m : ra.metrics()) {
        MetricValue other = rb.metric(m.name());
        // Batched passes in two places: equal up to float rounding.
        assertEquals(m.value(), other.value(), 1e-3, task + " " + m.name());
        assertEquals(m.n(), other.n(), task + " " + m.name());
      }
    }
  }
}
