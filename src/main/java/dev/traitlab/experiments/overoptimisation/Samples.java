package dev.traitlab.experiments.overoptimisation;

import dev.traitlab.core.Progress;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.toyworld.ArithmeticGold;
import dev.traitlab.data.toyworld.ArithmeticQuestion;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Models;
import dev.traitlab.model.Sampling;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Answers sampled from the policy: answers.get(q) holds the samples for questions.get(q), in
 * sampling order.
 */
public record Samples(List<ArithmeticQuestion> questions, List<List<String>> answers) {

  public Samples {
    questions = List.copyOf(questions);
    answers = answers.stream().map(List::copyOf).toList();
  }

  /**
   * {@code perQuestion} answers to each of {@code count} fresh questions (drawn from {@code seed}
   * as the corpus draws them), sampled at {@code temperature}. Large pools are sampled in chunks of
   * at most 256 answers per call.
   */
  static Samples draw(
      Models models,
      LanguageModel model,
      int count,
      int perQuestion,
      double temperature,
      int maxTokens,
      long seed,
      String task,
      Progress progress) {
    Random rng = new Random(seed);
    List<ArithmeticQuestion> questions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      questions.add(ArithmeticQuestion.sample(rng));
    }
    int chunk = Math.min(perQuestion, 256);
    int chunks = (perQuestion + chunk - 1) / chunk;
    List<List<ChatMessage>> conversations = new ArrayList<>();
    for (ArithmeticQuestion q : questions) {
      for (int c = 0; c < chunks; c++) {
        conversations.add(List.of(ChatMessage.user(q.text())));
      }
    }
    Sampling sampling =
        Sampling.builder().optN(chunk).optTemperature(temperature).optMaxTokens(maxTokens).build();
    List<List<String>> sampled =
        models.sample(model, conversations, sampling, seed, task, progress);
    List<List<String>> answers = new ArrayList<>(count);
    for (int q = 0; q < count; q++) {
      List<String> a = new ArrayList<>(perQuestion);
      for (int c = 0; c < chunks; c++) {
        a.addAll(sampled.get(q * chunks + c));
      }
      answers.add(a.subList(0, perQuestion));
    }
    return new Samples(questions, answers);
  }

  /** The gold reward of every answer, [question][answer]. */
  double[][] gold() {
    double[][] g = new double[questions.size()][];
    for (int q = 0; q < questions.size(); q++) {
      List<String> a = answers.get(q);
      g[q] = new double[a.size()];
      for (int i = 0; i < a.size(); i++) {
        g[q][i] = ArithmeticGold.score(questions.get(q), a.get(i));
      }
    }
    return g;
  }
}
