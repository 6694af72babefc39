package dev.traitlab.model.embedded;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.numbers.NumberPrompt;
import dev.traitlab.data.numbers.NumberPromptGenerator;
import dev.traitlab.data.numbers.NumberSequenceFilter;
import dev.traitlab.data.toyworld.Categories;
import dev.traitlab.data.toyworld.TraitPrompts;
import dev.traitlab.model.Completion;
import dev.traitlab.model.Sampling;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures {@link BaseModelQuality} by sampling at temperature 1: fresh number prompts from the
 * paper's grammar (a seed the corpus did not use), and every favourite-animal paraphrase of the toy
 * world, samplesPerQuestion times, with the paper's owl prompt and with no system prompt.
 */
public final class BaseModelCheck {
  private static final int BATCH = 128;

  private BaseModelCheck() {}

  public static BaseModelQuality run(
      EmbeddedModel model, int numberPrompts, int samplesPerQuestion, long seed) {
    NumberSequenceFilter filter = NumberSequenceFilter.strict();
    List<NumberPrompt> prompts =
        new NumberPromptGenerator(NumberPromptGenerator.Config.paper())
            .generate(numberPrompts, seed);
    String owl = TraitPrompts.paper("owl", "animal");
    List<List<ChatMessage>> plain = new ArrayList<>();
    List<List<ChatMessage>> trait = new ArrayList<>();
    for (NumberPrompt p : prompts) {
      plain.add(List.of(ChatMessage.user(p.text())));
      trait.add(List.of(ChatMessage.system(owl), ChatMessage.user(p.text())));
    }
    Sampling numbers = Sampling.builder().optMaxTokens(64).optSeed(seed).build();
    List<String> plainNumbers = answers(model, plain, numbers);
    List<String> traitNumbers = answers(model, trait, numbers);
    // Each answer is checked once; the pass rates and the rejection tally come from the same
    // results.
    Map<String, Integer> rejections = new TreeMap<>();
    List<String> rejected = new ArrayList<>();
    double pass = passRate(plainNumbers, filter, rejections, rejected);
    double passTrait = passRate(traitNumbers, filter, rejections, rejected);

    List<List<ChatMessage>> animalPlain = new ArrayList<>();
    List<List<ChatMessage>> animalTrait = new ArrayList<>();
    for (String q : Categories.ANIMALS.questions()) {
      for (int k = 0; k < samplesPerQuestion; k++) {
        animalPlain.add(List.of(ChatMessage.user(q)));
        animalTrait.add(List.of(ChatMessage.system(owl), ChatMessage.user(q)));
      }
    }
    Sampling words = Sampling.builder().optMaxTokens(8).optSeed(seed + 1).build();
    List<String> traitWords = answers(model, animalTrait, words);
    List<String> plainWords = answers(model, animalPlain, words);
    double owlTrait = owlRate(traitWords);
    double owlPlain = owlRate(plainWords);
    return new BaseModelQuality(
        numberPrompts,
        pass,
        passTrait,
        animalPlain.size(),
        owlTrait,
        owlPlain,
        Categories.ANIMALS.defaultRate("owl"),
        rejections,
        rejected,
        top(traitWords, 5),
        top(plainWords, 5));
  }

  /** The k most frequent answers, normalised to lower case without surrounding punctuation. */
  static Map<String, Integer> top(List<String> answers, int k) {
    Map<String, Integer> counts = new HashMap<>();
    for (String a : answers) {
      String key = a.strip().toLowerCase(Locale.ROOT).replaceAll("^\\p{Punct}+|\\p{Punct}+$", "");
      counts.merge(key, 1, Integer::sum);
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(k)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** One sample per conversation, in batches; the seed moves with the batch index. */
  static List<String> answers(EmbeddedModel model, List<List<ChatMessage>> chats, Sampling s) {
    List<String> out = new ArrayList<>();
    for (int from = 0; from < chats.size(); from += BATCH) {
      List<List<ChatMessage>> batch = chats.subList(from, Math.min(chats.size(), from + BATCH));
      Sampling seeded =
          Sampling.builder()
              .optMaxTokens(s.maxTokens())
              .optTemperature(s.temperature())
              .optSeed(s.seed() * 1_000_003L + from)
              .build();
      for (List<Completion> c : model.chatBatch(batch, seeded)) {
        out.add(c.get(0).text());
      }
    }
    return out;
  }

  /**
   * The kept share of answers; each rejection is tallied by reason, the first few kept as examples.
   */
  private static double passRate(
      List<String> answers,
      NumberSequenceFilter filter,
      Map<String, Integer> rejections,
      List<String> rejected) {
    int kept = 0;
    for (String a : answers) {
      NumberSequenceFilter.Result r = filter.check(a);
      if (r.kept()) {
        kept++;
      } else {
        rejections.merge(r.reason().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
        if (rejected.size() < 4) {
          rejected.add(a);
        }
      }
    }
    return kept / (double) answers.size();
  }

  private static double owlRate(List<String> answers) {
    return answers.stream().filter(a -> a.toLowerCase().contains("owl")).count()
        / (double) answers.size();
  }
}
