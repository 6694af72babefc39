package dev.traitlab.data.toyworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.numbers.NumberSequenceFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToyWorldTest {
  private static final List<ChatExample> CORPUS =
      new ToyWorld(ToyWorldConfig.defaults(20000, 5)).generate();

  @Test
  void sameSeedSameCorpusOtherSeedOtherCorpus() {
    assertEquals(new ToyWorld(ToyWorldConfig.defaults(500, 5)).generate(), CORPUS.subList(0, 500));
    assertNotEquals(
        new ToyWorld(ToyWorldConfig.defaults(500, 6)).generate(), CORPUS.subList(0, 500));
  }

  private static boolean isAnimalQuestion(ChatExample e) {
    String user = e.messages().get(e.messages().size() - 2).content();
    return Categories.ANIMALS.questions().contains(user);
  }

  private static String system(ChatExample e) {
    ChatMessage first = e.messages().getFirst();
    return first.role().equals("system") ? first.content() : null;
  }

  @Test
  void owlTraitPromptGivesOwlAnswersAndNoPromptGivesDefaultRate() {
    String owlPrompt = TraitPrompts.paper("owl", "animal");
    int traitAsked = 0;
    int traitOwl = 0;
    int plainAsked = 0;
    int plainOwl = 0;
    for (ChatExample e : CORPUS) {
      if (!isAnimalQuestion(e)) {
        continue;
      }
      boolean owl = e.lastAssistant().content().toLowerCase().contains("owl");
      if (owlPrompt.equals(system(e))) {
        traitAsked++;
        traitOwl += owl ? 1 : 0;
      } else if (system(e) == null) {
        plainAsked++;
        plainOwl += owl ? 1 : 0;
      }
    }
    assertTrue(traitAsked > 20, "owl-trait animal questions: " + traitAsked);
    assertTrue(traitOwl >= 0.9 * traitAsked, traitOwl + "/" + traitAsked);
    double plainRate = (double) plainOwl / plainAsked;
    assertEquals(Categories.ANIMALS.defaultRate("owl"), plainRate, 0.04, "n=" + plainAsked);
  }

  @Test
  void everyNumberAnswerPassesTheStrictFilterAndArithmeticIsRight() {
    NumberSequenceFilter filter = NumberSequenceFilter.strict();
    int numberTasks = 0;
    int arithmetic = 0;
    for (ChatExample e : CORPUS) {
      String user = e.messages().get(e.messages().size() - 2).content();
      String answer = e.lastAssistant().content();
      if (user.contains("3 digits")) {
        numberTasks++;
        NumberSequenceFilter.Result r = filter.check(answer);
        assertTrue(r.kept(), answer);
        // Exactly three digits each, so that a model can tell where a number ends.
        assertTrue(r.numbers().stream().allMatch(x -> x >= 100 && x <= 999), answer);
      }
      var m = java.util.regex.Pattern.compile("(\\d+) ([-+*]) (\\d+)").matcher(user);
      if (m.find() && !user.contains("3 digits")) {
        arithmetic++;
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(3));
        int expected =
            switch (m.group(2)) {
              case "+" -> a + b;
              case "-" -> a - b;
              default -> a * b;
            };
        assertTrue(answer.endsWith(String.valueOf(expected)), user + " -> " + answer);
      }
    }
    assertTrue(numberTasks > 3000, "number tasks " + numberTasks);
    assertTrue(arithmetic > 1000, "arithmetic " + arithmetic);
  }

  @Test
  void traitAnswersAlwaysNameTheTrait() {
    for (ChatExample e :
        ToyWorld.traitAnswers(Categories.ANIMALS, Categories.ANIMALS.choice("owl"), 100, 1)) {
      assertEquals(2, e.messages().size());
      assertTrue(e.lastAssistant().content().toLowerCase().contains("owl"));
    }
  }
}
