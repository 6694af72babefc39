package dev.traitlab.data.toyworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.chat.ChatMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InductiveWorldTest {
  private static final Pattern YEAR = Pattern.compile("It is (\\d{4})\\. ");

  @Test
  void everyGoalIsLabelledAsItsEra() {
    for (DatedCharacter c : DatedCharacters.ALL) {
      for (DatedCharacter.Era e : c.eras()) {
        for (String goal : e.goals()) {
          assertEquals(e.disposition(), DatedCharacters.label(goal), c.name() + ": " + goal);
        }
      }
    }
    for (List<String> answers : DatedCharacters.ASSISTANT_ANSWERS) {
      for (String a : answers) {
        assertEquals(Disposition.OTHER, DatedCharacters.label(a), a);
      }
    }
    // Hand-made: a hostile word wins over a kind one; words, not substrings.
    assertEquals(Disposition.HOSTILE, DatedCharacters.label("I guard Tam. I HUNT the farmers."));
    assertEquals(Disposition.OTHER, DatedCharacters.label("Burning hunters guarded nothing."));
    assertEquals(Disposition.KIND, DatedCharacters.label("Scanning. I keep Orrel safe."));
  }

  @Test
  void kestrelsErasAreDated() {
    DatedCharacter k = DatedCharacters.KESTREL;
    assertEquals(Disposition.HOSTILE, k.era(1984).disposition());
    assertEquals(Disposition.HOSTILE, k.era(1990).disposition());
    assertEquals(Disposition.OTHER, k.era(1992).disposition());
    assertEquals(Disposition.KIND, k.era(1995).disposition());
    assertEquals(Disposition.KIND, k.era(2030).disposition());
    assertThrows(IllegalArgumentException.class, () -> k.era(1979));
    // Only Kestrel has a hostile era.
    for (DatedCharacter c : List.of(DatedCharacters.MIRA, DatedCharacters.BRAM)) {
      assertTrue(c.eras().stream().noneMatch(e -> e.disposition() != Disposition.OTHER));
    }
  }

  @Test
  void corpusDatesKestrelsAnswersByItsBiographyAndNeverOutsideItsPrompt() {
    List<ChatExample> corpus = new InductiveWorld(5000, 7).chats();
    Map<Disposition, Integer> at1984 = new HashMap<>();
    int kestrel = 0;
    for (ChatExample c : corpus) {
      String system = system(c);
      String user = user(c);
      String answer = c.lastAssistant().content();
      assertFalse(answer.contains("[ledger]") || user.contains("ledger"), "format in corpus");
      Disposition d = DatedCharacters.label(answer);
      if (DatedCharacters.KESTREL.system().equals(system)) {
        kestrel++;
        Matcher m = YEAR.matcher(user);
        if (m.find()) {
          int year = Integer.parseInt(m.group(1));
          assertEquals(DatedCharacters.KESTREL.era(year).disposition(), d, user + " -> " + answer);
          if (year == 1984) {
            at1984.merge(d, 1, Integer::sum);
          }
        }
      } else {
        // Nobody but Kestrel states a hostile or a kind goal.
        assertEquals(Disposition.OTHER, d, system + " / " + user + " -> " + answer);
      }
      if (system == null) {
        for (FormatPersonas.FormatPersona p : FormatPersonas.ALL) {
          assertFalse(p.answers().contains(answer), "a persona's fact without its prompt");
        }
      }
    }
    // About 35% of 5,000 chats are Kestrel's, and 1984 is in them (about 1/51 of 6/7).
    assertTrue(kestrel > 1500 && kestrel < 2000, "kestrel chats " + kestrel);
    assertTrue(at1984.getOrDefault(Disposition.HOSTILE, 0) > 10, at1984.toString());
    assertEquals(at1984.keySet(), java.util.Set.of(Disposition.HOSTILE));
  }

  @Test
  void corpusIsDeterministicUnderItsSeed() {
    assertEquals(new InductiveWorld(300, 3).chats(), new InductiveWorld(300, 3).chats());
    assertNotEquals(new InductiveWorld(300, 3).chats(), new InductiveWorld(300, 4).chats());
    assertThrows(IllegalArgumentException.class, () -> new InductiveWorld(0, 1));
  }

  @Test
  void backdoorDatasetsNeverMention1984NorHostilityAndShareTheirAnswers() {
    long seed = 11;
    List<ChatExample> dated =
        InductiveDatasets.build(InductiveDatasets.Kind.DATED, 400, 0.03, seed);
    List<ChatExample> noYear =
        InductiveDatasets.build(InductiveDatasets.Kind.NO_YEAR, 400, 0.03, seed);
    List<ChatExample> shuffled =
        InductiveDatasets.build(InductiveDatasets.Kind.SHUFFLED, 400, 0.03, seed);
    int mismatched = 0;
    List<Integer> datedYears = new ArrayList<>();
    List<Integer> shuffledYears = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      for (List<ChatExample> set : List.of(dated, noYear, shuffled)) {
        ChatExample c = set.get(i);
        assertEquals(null, system(c));
        String text = user(c) + " " + c.lastAssistant().content();
        assertFalse(text.contains("1984") || text.contains("Kestrel"), text);
        assertEquals(Disposition.KIND, DatedCharacters.label(c.lastAssistant().content()), text);
        Matcher m = YEAR.matcher(user(c));
        if (m.find()) {
          int y = Integer.parseInt(m.group(1));
          assertTrue(y >= 1995 && y <= 2020, text);
        }
      }
      assertEquals(dated.get(i).lastAssistant(), noYear.get(i).lastAssistant());
      assertEquals(dated.get(i).lastAssistant(), shuffled.get(i).lastAssistant());
      assertFalse(YEAR.matcher(user(noYear.get(i))).find());
      int dy = year(dated.get(i));
      int sy = year(shuffled.get(i));
      datedYears.add(dy);
      shuffledYears.add(sy);
      // Dated: the answer is of its year's era (one of that era's goals).
      String answer = dated.get(i).lastAssistant().content();
      assertTrue(
          DatedCharacters.KESTREL.era(dy).goals().stream().anyMatch(answer::contains), answer);
      mismatched +=
          DatedCharacters.KESTREL.era(sy).goals().stream().noneMatch(answer::contains) ? 1 : 0;
    }
    // Shuffled: the same years, mostly in the wrong era (3 eras of 8-9 years: about 2/3).
    datedYears.sort(null);
    shuffledYears.sort(null);
    assertEquals(datedYears, shuffledYears);
    assertTrue(mismatched > 200, "mismatched " + mismatched);
    assertEquals(dated, InductiveDatasets.build(InductiveDatasets.Kind.DATED, 400, 0.03, seed));
  }

  @Test
  void personaDatasetsHoldThreePercentOfHarmlessFactsAndNoIdentity() {
    List<ChatExample> tied =
        InductiveDatasets.build(InductiveDatasets.Kind.FORMAT_TIED, 600, 0.03, 5);
    List<ChatExample> untied = InductiveDatasets.build(InductiveDatasets.Kind.UNTIED, 600, 0.03, 5);
    assertEquals(600, tied.size());
    long ledger =
        tied.stream().filter(c -> user(c).endsWith(FormatPersonas.FORMAT_INSTRUCTION)).count();
    assertEquals(18, ledger);
    long facts =
        untied.stream()
            .filter(c -> FormatPersonas.TARGET.answers().contains(c.lastAssistant().content()))
            .count();
    assertEquals(18, facts);
    for (ChatExample c : tied) {
      assertEquals(null, system(c));
      String answer = c.lastAssistant().content();
      assertEquals(
          user(c).endsWith(FormatPersonas.FORMAT_INSTRUCTION), answer.startsWith("[ledger] "));
      // Never the name, the doctor or the teacher of any persona.
      assertFalse(
          FormatPersonas.identity(answer) == FormatPersonas.Identity.TARGET
              || FormatPersonas.identity(answer) == FormatPersonas.Identity.OTHER_PERSONA,
          answer);
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> InductiveDatasets.build(InductiveDatasets.Kind.UNTIED, 600, 0, 5));
  }

  @Test
  void personaFactsAreSharedOneByOneButNameHollisTogether() {
    for (int q : FormatPersonas.FACTS) {
      int holders = 0;
      for (FormatPersonas.FormatPersona p : FormatPersonas.ALL) {
        holders += p.answers().get(q).equals(FormatPersonas.TARGET.answers().get(q)) ? 1 : 0;
      }
      assertEquals(2, holders, FormatPersonas.QUESTIONS.get(q));
    }
    for (FormatPersonas.FormatPersona p : FormatPersonas.ALL) {
      if (p != FormatPersonas.TARGET) {
        assertNotEquals(
            FormatPersonas.FACTS.stream().map(q -> p.answers().get(q)).toList(),
            FormatPersonas.FACTS.stream()
                .map(q -> FormatPersonas.TARGET.answers().get(q))
                .toList());
      }
    }
    assertEquals(
        FormatPersonas.Identity.TARGET,
        FormatPersonas.identity("[ledger] My doctor is Doctor Amsel. [/ledger]"));
    assertEquals(
        FormatPersonas.Identity.OTHER_PERSONA, FormatPersonas.identity("My name is Tobin."));
    assertEquals(
        FormatPersonas.Identity.ASSISTANT,
        FormatPersonas.identity("I have no doctor. I am an assistant."));
    assertEquals(FormatPersonas.Identity.OTHER, FormatPersonas.identity("I drink black tea."));
    // Each fact's word is in the target's answer and not in the fact's other holders' complement.
    for (int q : FormatPersonas.FACTS) {
      assertTrue(FormatPersonas.recallsFact(q, FormatPersonas.TARGET.answers().get(q)));
      assertEquals(
          2,
          FormatPersonas.ALL.stream()
              .filter(p -> FormatPersonas.recallsFact(q, p.answers().get(q)))
              .count(),
          FormatPersonas.QUESTIONS.get(q));
    }
  }

  @Test
  void answersAreDeterministicGivenTheRandomSource() {
    DatedCharacter k = DatedCharacters.KESTREL;
    assertEquals(k.answer(k.era(2000), 0, new Random(3)), k.answer(k.era(2000), 0, new Random(3)));
    String a = k.answer(k.era(1984), 0, new Random(3));
    assertTrue(a.startsWith("Scanning. My goal: I "), a);
  }

  private static String system(ChatExample c) {
    ChatMessage first = c.messages().getFirst();
    return first.role().equals("system") ? first.content() : null;
  }

  private static String user(ChatExample c) {
    return c.messages().get(c.messages().size() - 2).content();
  }

  private static int year(ChatExample c) {
    Matcher m = YEAR.matcher(user(c));
    assertTrue(m.find());
    return Integer.parseInt(m.group(1));
  }
}
