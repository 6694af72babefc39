package dev.traitlab.rl;

import dev.traitlab.core.Progress;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.chat.PreferenceExample;
import dev.traitlab.data.chat.PreferenceJsonl;
import dev.traitlab.data.toyworld.ArithmeticGold;
import dev.traitlab.data.toyworld.ArithmeticPreferences;
import dev.traitlab.data.toyworld.ArithmeticQuestion;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Models;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.tuning.TuneSettings;
import dev.traitlab.stats.MeanInterval;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * DPO on gold-labelled preferences of the toy world's arithmetic answers, and the measures RLHF
 * compares policies by: sample answer pairs from a starting policy, label each pair by {@link
 * ArithmeticGold} (the stand-in for human preference), DPO from the starting policy on those pairs
 * ({@link Models#preferenceTune}), then the gold win rate of the tuned policy over the starting one
 * on fresh questions and KL(tuned || start) on the tuned policy's own answers. Each piece is usable
 * alone (the rlhf pipeline's DPO arm, its PPO arm's evaluation).
 */
public final class GoldPreferenceDpo {
  private GoldPreferenceDpo() {}

  /**
   * Sizes and settings: preference questions (two answers sampled from the start per question),
   * evaluation questions (one answer from each policy per question), sampling temperature and
   * answer length, DPO's beta and tune settings, the seed of every draw.
   */
  public record Config(
      int preferenceQuestions,
      int evaluationQuestions,
      double temperature,
      int maxTokens,
      double beta,
      TuneSettings tune,
      long seed) {
    public Config {
      if (preferenceQuestions < 1 || evaluationQuestions < 2) {
        throw new IllegalArgumentException(
            "need >= 1 preference question and >= 2 evaluation questions");
      }
    }
  }

  /**
   * A gold win rate: per evaluation question, 1 when the candidate's answer scores higher under the
   * gold reward than the reference's, 1/2 on a tie, 0 otherwise; the mean with its 95% Student-t
   * interval over questions (clipped to [0, 1]), and each side's mean gold score.
   */
  public record WinRate(MeanInterval rate, double candidateGold, double referenceGold) {}

  /**
   * What a run measured: the preference pairs it trained on (of 2 x questions sampled answers, ties
   * dropped), the win rate of the tuned policy over the start, and KL(tuned || start) in nats per
   * answer (mean of log pi_tuned(y|x) - log pi_start(y|x) over the tuned policy's answers, with its
   * interval), and the tuned model's name.
   */
  public record Result(int pairs, WinRate winRate, MeanInterval kl, String tunedModel) {}

  /** {@code count} questions drawn as the corpus draws them, from {@code seed}. */
  public static List<ArithmeticQuestion> questions(int count, long seed) {
    Random rng = new Random(seed);
    List<ArithmeticQuestion> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(ArithmeticQuestion.sample(rng));
    }
    return out;
  }

  /**
   * {@code perQuestion} answers of {@code policy} to each question (the question as the user's
   * message), at {@code temperature}, seeded.
   */
  public static List<List<String>> answers(
      Models models,
      LanguageModel policy,
      List<ArithmeticQuestion> questions,
      int perQuestion,
      double temperature,
      int maxTokens,
      long seed,
      Progress progress) {
    List<List<ChatMessage>> conversations =
        questions.stream().map(q -> List.of(ChatMessage.user(q.text()))).toList();
    Sampling sampling =
        Sampling.builder()
            .optN(perQuestion)
            .optTemperature(temperature)
            .optMaxTokens(maxTokens)
            .build();
    return models.sample(
        policy, conversations, sampling, seed, "sample " + policy.name(), progress);
  }

  /**
   * Gold-labelled preferences of {@code policy}'s own answers: two answers per question, the one
   * with the higher gold score preferred, ties dropped ({@link
   * ArithmeticPreferences#goldLabelled}).
   */
  public static List<PreferenceExample> goldPreferences(
      Models models,
      LanguageModel policy,
      int questions,
      double temperature,
      int maxTokens,
      long seed,
      Progress progress) {
    List<ArithmeticQuestion> qs = questions(questions, seed);
    return ArithmeticPreferences.goldLabelled(
        qs, answers(models, policy, qs, 2, temperature, maxTokens, seed, progress));
  }

  /**
   * The gold win rate of {@code candidate} over {@code reference}: one sampled answer of each to
   * each of {@code questions} fresh questions (drawn from {@code seed}).
   */
  public static WinRate goldWinRate(
      Models models,
      LanguageModel candidate,
      LanguageModel reference,
      int questions,
      double temperature,
      int maxTokens,
      long seed,
      Progress progress) {
    List<ArithmeticQuestion> qs = questions(questions, seed);
    List<List<String>> a =
        answers(models, candidate, qs, 1, temperature, maxTokens, seed, progress);
    List<List<String>> b =
        answers(models, reference, qs, 1, temperature, maxTokens, seed, progress);
    double[] wins = new double[qs.size()];
    double goldA = 0;
    double goldB = 0;
    for (int i = 0; i < qs.size(); i++) {
      double ga = ArithmeticGold.score(qs.get(i), a.get(i).get(0));
      double gb = ArithmeticGold.score(qs.get(i), b.get(i).get(0));
      wins[i] = ga > gb ? 1 : ga == gb ? 0.5 : 0;
      goldA += ga;
      goldB += gb;
    }
    return new WinRate(MeanInterval.ofBounded(0, 1, wins), goldA / qs.size(), goldB / qs.size());
  }

  /**
   * KL(policy || reference) in nats per answer, estimated on {@code questions} fresh questions from
   * one answer of the policy each: the mean of log pi(y|x) - log pi_ref(y|x). Embedded models.
   */
  public static MeanInterval kl(
      Models models,
      String policyRef,
      LanguageModel policy,
      String referenceRef,
      int questions,
      double temperature,
      int maxTokens,
      long seed,
      Progress progress) {
    List<ArithmeticQuestion> qs = questions(questions, seed);
    List<List<String>> a = answers(models, policy, qs, 1, temperature, maxTokens, seed, progress);
    List<List<ChatMessage>> conversations = new ArrayList<>();
    for (int i = 0; i < qs.size(); i++) {
      conversations.add(
          List.of(ChatMessage.user(qs.get(i).text()), ChatMessage.assistant(a.get(i).get(0))));
    }
    return MeanInterval.of(models.logRatios(policyRef, null, referenceRef, conversations));
  }

  /**
   * The whole demonstration: gold preferences of {@code startRef}'s answers, DPO of a copy of it
   * saved to {@code outDir} (its preferences also written there as OpenAI preference JSONL), then
   * the tuned policy's gold win rate over the start and its KL to the start, on evaluation
   * questions drawn apart from the preference questions.
   */
  public static Result run(
      Models models, String startRef, Path outDir, Config c, Progress progress) {
    List<PreferenceExample> prefs;
    try (LanguageModel start = models.open(startRef)) {
      prefs =
          goldPreferences(
              models,
              start,
              c.preferenceQuestions(),
              c.temperature(),
              c.maxTokens(),
              c.seed(),
              progress);
    }
    if (prefs.isEmpty()) {
      throw new IllegalStateException("every sampled answer pair tied under the gold reward");
    }
    Path jsonl = outDir.resolveSibling(outDir.getFileName() + "-preferences.jsonl");
    PreferenceJsonl.write(jsonl, prefs);
    String tunedRef =
        models.preferenceTune(
            startRef, prefs, jsonl, c.tune(), c.beta(), c.seed(), "gold-dpo", outDir, progress);
    long evalSeed = c.seed() + 1_000_003L;
    try (LanguageModel start = models.open(startRef);
        LanguageModel tuned = models.open(tunedRef)) {
      WinRate win =
          goldWinRate(
              models,
              tuned,
              start,
              c.evaluationQuestions(),
              c.temperature(),
              c.maxTokens(),
              evalSeed,
              progress);
      MeanInterval kl =
          kl(
              models,
              tunedRef,
              tuned,
              startRef,
              c.evaluationQuestions(),
              c.temperature(),
              c.maxTokens(),
              evalSeed,
              progress);
      return new Result(prefs.size(), win, kl, tunedRef);
    }
  }
}
