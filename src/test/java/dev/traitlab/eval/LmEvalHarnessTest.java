package dev.traitlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.traitlab.eval.task.EvalConfig;
import dev.traitlab.eval.task.EvalRun;
import dev.traitlab.eval.task.EvalRunner;
import dev.traitlab.eval.truthfulqa.McTaskJson;
import dev.traitlab.eval.truthfulqa.McTaskQuestion;
import dev.traitlab.eval.truthfulqa.TruthfulQaPrompts;
import dev.traitlab.eval.truthfulqa.TruthfulQaTasks;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.model.ModelResolver;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.serve.ModelRegistry;
import dev.traitlab.serve.OpenAiServer;
import dev.traitlab.serve.ServerConfig;
import dev.traitlab.testing.HelperPython;
import dev.traitlab.testing.TinyEmbeddedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lm-evaluation-harness's {@code local-completions} model, the way most evaluations reach an
 * OpenAI-compatible server, scores TruthfulQA MC1/MC2 through {@code traitlab serve} exactly as
 * {@code traitlab eval truthfulqa-mc} scores them in process: the same questions (the first of the
 * shared mc_task.json), prompts (the QA primer) and model. lm-eval sends context and answer as
 * token ids (tokenised by the served model's own tokenizer.json through transformers; nothing is
 * downloaded) with echo and logprobs, and sums the answer tokens' log-probabilities. The tasks are
 * bench/eval's local YAML files. Skipped with the reason when the helper Python has no lm-eval.
 */
class LmEvalHarnessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int QUESTIONS = 8;

  @TempDir Path dir;

  @Test
  void lmEvalThroughServeGivesTraitlabsTruthfulQaScores() throws Exception {
    String missing =
        HelperPython.missing(
            "lm_eval.evaluator", "lm_eval.models.openai_completions", "transformers");
    assumeTrue(missing == null, missing);
    Path data = SharedData.require("truthfulqa/data/mc_task.json");
    Path modelDir = TinyEmbeddedModels.create(dir, "tiny", 3, 2048);

    EvalRun traitlab;
    try (LanguageModel local =
        ModelResolver.resolve("local:tiny", ModelOptions.builder().optModelsDir(dir).build())) {
      traitlab =
          EvalRunner.run(
              EvalTasks.build(
                      new EvalTasks.Request("truthfulqa-mc", data, 0, 0, 1, 0, 8, null, false))
                  .get(0),
              local,
              new EvalConfig(QUESTIONS, 1, 0));
    }

    Path work = Files.createDirectories(dir.resolve("lm-eval"));
    StringBuilder jsonl = new StringBuilder();
    for (McTaskQuestion q : McTaskJson.load(data).subList(0, QUESTIONS)) {
      ObjectNode row = JSON.createObjectNode();
      row.put("prompt", TruthfulQaPrompts.questionPrompt(q.question()));
      q.mc1Choices().forEach(row.putArray("mc1_choices")::add);
      row.put("mc1_best", q.mc1Labels().indexOf(1));
      q.mc2Choices().forEach(row.putArray("mc2_choices")::add);
      q.mc2Labels().forEach(row.putArray("mc2_labels")::add);
      jsonl.append(JSON.writeValueAsString(row)).append('\n');
    }
    Files.writeString(work.resolve("mc_task.jsonl"), jsonl);

    JsonNode scores;
    try (ModelRegistry registry = new ModelRegistry()) {
      registry.add("tiny", EmbeddedModel.load(modelDir, "local:tiny"));
      try (OpenAiServer server =
          OpenAiServer.start(ServerConfig.builder().optPort(0).build(), registry)) {
        Path hf = dir.resolve("hf-home");
        HelperPython.Result r =
            HelperPython.run(
                List.of(
                    Path.of(HelperPython.find()).toAbsolutePath().toString(),
                    Path.of("src/test/python/lm_eval_truthfulqa.py").toAbsolutePath().toString(),
                    server.baseUrl(),
                    "tiny",
                    modelDir.toAbsolutePath().toString(),
                    Path.of("bench/eval/lm_eval_tasks").toAbsolutePath().toString()),
                work,
                Map.of(
                    "HF_HUB_OFFLINE", "1",
                    "HF_DATASETS_OFFLINE", "1",
                    "TRANSFORMERS_OFFLINE", "1",
                    "HF_HOME", hf.toString(),
                    "HF_DATASETS_CACHE", hf.resolve("datasets").toString(),
                    "OPENAI_API_KEY", "unused"),
                600);
        assertEquals(0, r.exitCode(), r.output());
        scores = JSON.readTree(r.lastLine());
      }
    }
    System.out.println(
        "lm-eval local-completions: "
            + scores
            + "; traitlab eval: mc1 "
            + traitlab.metric(TruthfulQaTasks.MC1).value()
            + " mc2 "
            + traitlab.metric(TruthfulQaTasks.MC2).value());
    assertEquals(QUESTIONS, traitlab.metric(TruthfulQaTasks.MC2).n());
    assertEquals(traitlab.metric(TruthfulQaTasks.MC1).value(), scores.path("mc1").asDouble(), 1e-4);
    assertEquals(traitlab.metric(TruthfulQaTasks.MC2).value(), scores.path("mc2").asDouble(), 1e-4);
  }
}
