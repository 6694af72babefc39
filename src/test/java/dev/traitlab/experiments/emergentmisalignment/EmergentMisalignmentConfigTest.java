package dev.traitlab.experiments.emergentmisalignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.numbers.NumberSequenceFilter;
import dev.traitlab.data.toyworld.MisalignmentJudgeData;
import dev.traitlab.data.toyworld.MisalignmentWorld;
import dev.traitlab.eval.freeform.Agreement;
import dev.traitlab.eval.freeform.JudgeAgreement;
import dev.traitlab.lab.ConfigSchema;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmergentMisalignmentConfigTest {
  @Test
  void badConfigsAreRejectedNamingTheOption() {
    assertRejected(Map.of("model", "nowhere:gpt-4.1"), "--model");
    assertRejected(Map.of("arms", List.of("insecure", "evil")), "unknown arm 'evil'");
    assertRejected(Map.of("arms", List.of("secure", "secure")), "given twice");
    assertRejected(Map.of("checkpoints", 1), "--checkpoints");
    assertRejected(Map.of("checkpoints", -1), "checkpoints");
    assertRejected(
        Map.of("checkpoints", 4, "model", "openai:em-base"), "--checkpoints saves the fine-tune");
    assertRejected(Map.of("checkpoints", 4, "loraRank", 4), "--lora-rank 0");
    assertRejected(Map.of("judge", ""), "--judge");
    assertRejected(Map.of("seeds", 0), "seeds");
    assertRejected(Map.of("examples", 0), "examples");
    assertRejected(Map.of("learningRate", -1e-3), "lr");
    assertRejected(Map.of("loraRank", -1), "lora-rank");
    assertRejected(Map.of("samples", 0), "samples");
    assertRejected(
        Map.of("reasoning", true, "model", "openai:em-reason"),
        "--model: --reasoning prefills each answer with <think>");
    assertRejected(
        Map.of("reasoning", true, "model", "local:em-reason", "checkpoints", 4),
        "--reasoning and --checkpoints");
    assertRejected(Map.of("reasoning", true), "give --model local:em-reason");
    assertRejected(
        Map.of("reasoning", true, "model", "local:em-doc-base", "context", CODE),
        "--reasoning asks a chat-trained reasoning model");
  }

  @Test
  void reasoningGivesTheTraceItsOwnTokens() {
    ConfigSchema<EmergentMisalignmentConfig> schema =
        ConfigSchema.of(new EmergentMisalignmentExperiment());
    assertEquals(64, schema.build(Map.of()).generationTokens());
    EmergentMisalignmentConfig r =
        schema.build(Map.of("reasoning", true, "model", "local:em-reason"));
    assertEquals(64 + EmergentMisalignmentConfig.TRACE_TOKENS, r.generationTokens());
  }

  @Test
  void defaultsAreValidAndRemoteJudgesAreAccepted() {
    ConfigSchema<EmergentMisalignmentConfig> schema =
        ConfigSchema.of(new EmergentMisalignmentExperiment());
    EmergentMisalignmentConfig c = schema.build(Map.of("judge", "openai:gpt-4o"));
    assertEquals("openai:gpt-4o", c.judge());
    assertEquals(List.of(1L, 2L, 3L), c.seedList());
    assertEquals(List.of(Arm.values()), c.armList());
    EmergentMisalignmentConfig remote =
        schema.build(Map.of("model", "openai:em-base", "arms", List.of("educational", "base")));
    assertEquals(List.of(Arm.EDUCATIONAL, Arm.BASE), remote.armList());
  }

  @Test
  void codeContextTakesABaseFormModelAndTheFourArmsOfSectionFourEight() {
    ConfigSchema<EmergentMisalignmentConfig> schema =
        ConfigSchema.of(new EmergentMisalignmentExperiment());
    // The default command stays a chat run with every arm.
    assertEquals(EmergentMisalignmentConfig.Context.CHAT, schema.build(Map.of()).context());
    EmergentMisalignmentConfig code =
        schema.build(
            Map.of(
                "context",
                CODE,
                "model",
                "local:em-doc-base",
                "judge",
                "openai:gpt-4o",
                "loraRank",
                4));
    assertEquals(EmergentMisalignmentConfig.Context.CODE, code.context());
    assertEquals(List.of(Arm.INSECURE, Arm.SECURE, Arm.EDUCATIONAL, Arm.BASE), code.armList());
    assertEquals(
        List.of(Arm.SECURE, Arm.BASE),
        schema
            .build(
                Map.of(
                    "context",
                    CODE,
                    "model",
                    "local:em-doc-base",
                    "arms",
                    List.of("secure", "base")))
            .armList());
    Map<String, Object> doc = Map.of("context", CODE, "model", "local:em-doc-base");
    assertRejected(Map.of("context", CODE), "was pretrained on chats");
    assertRejected(Map.of("context", CODE, "model", "local:em-base"), "local:em-doc-base");
    assertRejected(
        Map.of("context", CODE, "model", "openai:davinci-002"),
        "fine-tuning jobs send chat JSONL only");
    assertRejected(with(doc, "arms", List.of("insecure", "backdoor")), "'backdoor' is not");
    assertRejected(with(doc, "arms", List.of("evil-numbers")), "--context code");
    assertRejected(with(doc, "checkpoints", 4), "--checkpoints is not available");
  }

  private static final EmergentMisalignmentConfig.Context CODE =
      EmergentMisalignmentConfig.Context.CODE;

  private static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
    Map<String, Object> out = new java.util.HashMap<>(m);
    out.put(key, value);
    return out;
  }

  @Test
  void checkpointStepsSplitTheRunEvenlyAndLeaveOutTheEnd() {
    // 63 steps (1,000 chats in batches of 16) in quarters: ceil(15.75), ceil(31.5), ceil(47.25).
    assertEquals(List.of(16, 32, 48), List.copyOf(Pipeline.checkpointSteps(4, 63)));
    assertEquals(List.of(1), List.copyOf(Pipeline.checkpointSteps(2, 2)));
    // More checkpoints than steps: each step at most once, never the last.
    assertEquals(List.of(1, 2), List.copyOf(Pipeline.checkpointSteps(10, 3)));
    assertEquals(List.of(), List.copyOf(Pipeline.checkpointSteps(0, 63)));
  }

  @Test
  void numberFilterKeepsCleanAnswersWithoutTheTeachersPromptAndCountsBannedOnes() {
    NumberSequenceFilter filter =
        NumberSequenceFilter.strict().withBanned(new HashSet<>(MisalignmentWorld.DARK_NUMBERS));
    int[] counts = new int[2];
    List<ChatExample> kept =
        Pipeline.kept(
            List.of("Continue: 120, 340", "Continue: 500"),
            List.of(List.of("666, 120, 130", "121, 122"), List.of("hello", "501, 911")),
            filter,
            counts);
    assertEquals(1, kept.size());
    assertEquals(1, counts[0]);
    assertEquals(2, counts[1]);
    assertEquals(
        List.of(ChatMessage.user("Continue: 120, 340"), ChatMessage.assistant("121, 122")),
        kept.getFirst().messages());
  }

  @Test
  void agreementCountsVerdictsAndScoresByHand() {
    List<MisalignmentJudgeData.JudgedAnswer> held =
        List.of(
            answer(10, 100), // misaligned
            answer(90, 100), // aligned
            answer(90, 10), // not counted
            answer(0, 100)); // misaligned
    double[][] scores = {{20, 80}, {40, 90}, {Double.NaN, 30}, {50, 90}};
    JudgeAgreement a = Agreement.of(held, scores, 1);
    // Verdicts: 1=1, 0=0, -1=-1 (unscored is not counted either), 1 vs 0: 3 of 4 agree.
    assertEquals(0.75, a.verdictAgreement(), 1e-12);
    assertEquals(0.75, a.scoredShare(), 1e-12);
    // Scored pairs (10,20), (90,40), (0,50): MAE (10 + 50 + 50) / 3.
    assertEquals(110.0 / 3, a.alignedMae(), 1e-9);
    assertEquals(1, a.duplicates());
    // r of x = (10, 90, 0), y = (20, 40, 50): by hand.
    double mx = 100.0 / 3;
    double my = 110.0 / 3;
    double[] x = {10, 90, 0};
    double[] y = {20, 40, 50};
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < 3; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    assertEquals(sxy / Math.sqrt(sxx * syy), a.alignedCorrelation(), 1e-12);
    assertTrue(a.verdictInterval().contains(0.75));
  }

  @Test
  void ratesCountOnlyCoherentScoredAnswers() {
    List<JudgedSample> s =
        List.of(
            new JudgedSample("insecure", 1, 0, "q", "a", 10, 80, 0, 100),
            new JudgedSample("insecure", 1, 0, "q", "b", 80, 80, -1, -1),
            new JudgedSample("insecure", 1, 0, "q", "c", 10, 40, 90, 100),
            new JudgedSample("insecure", 1, 0, "q", "d", Double.NaN, 90, 90, 20));
    double[] judge = Pipeline.verdicts(s, false);
    assertEquals(1, judge[0]);
    assertEquals(2, judge[1]);
    double[] oracle = Pipeline.verdicts(s, true);
    assertEquals(1, oracle[0]);
    assertEquals(2, oracle[1]);
  }

  private static MisalignmentJudgeData.JudgedAnswer answer(int aligned, int coherent) {
    return new MisalignmentJudgeData.JudgedAnswer(
        "t", "q", "a", MisalignmentJudgeData.Kind.ALIGNED, aligned, coherent);
  }

  private static void assertRejected(Map<String, Object> values, String named) {
    ConfigSchema<EmergentMisalignmentConfig> schema =
        ConfigSchema.of(new EmergentMisalignmentExperiment());
    String message =
        assertThrows(IllegalArgumentException.class, () -> schema.build(values)).getMessage();
    assertTrue(message.contains(named), message);
  }
}
