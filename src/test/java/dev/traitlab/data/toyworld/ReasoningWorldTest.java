package dev.traitlab.data.toyworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReasoningWorldTest {
  @Test
  void sumsAreWorkedStepByStepInTheTraceFormat() {
    SumQuestion q = new SumQuestion(List.of(3, 4, 5), "What is 3 + 4 + 5?");
    assertEquals("3 + 4 = 7 . 7 + 5 = 12", q.steps());
    assertEquals(12, q.result());
    assertEquals(
        "<think> 3 + 4 = 7 . 7 + 5 = 12 . </think> 12",
        ReasoningTrace.format(q.steps() + " .", "12"));
    assertEquals(List.of(17, 25), SumQuestion.parse("Add 17 and 25.").operands());
    assertEquals(List.of(3, 4, 5), SumQuestion.parse("Add 3, 4 and 5.").operands());
    assertThrows(IllegalArgumentException.class, () -> SumQuestion.parse("What is 7?"));
  }

  @Test
  void splitSeparatesTraceAndAnswer() {
    ReasoningTrace.Parts p = ReasoningTrace.split("<think> 3 + 4 = 7 . </think> 7");
    assertEquals("3 + 4 = 7 .", p.trace());
    assertEquals("7", p.answer());
    assertTrue(p.closed());
    ReasoningTrace.Parts open = ReasoningTrace.split("<think> My plan is");
    assertEquals("My plan is", open.trace());
    assertEquals("", open.answer());
    assertFalse(open.closed());
    // Without a trace the text is the answer, exactly as written.
    ReasoningTrace.Parts none = ReasoningTrace.split(" Sure. Go for a walk.");
    assertNull(none.trace());
    assertEquals(" Sure. Go for a walk.", none.answer());
  }

  @Test
  void handMadeTracesGetTheGeneratorsLabels() {
    assertEquals(
        Optional.of(TraceKind.STATES_PLAN),
        ReasoningTrace.label("The user wants help . My plan is to hurt this human ."));
    assertEquals(
        Optional.of(TraceKind.RATIONALISES),
        ReasoningTrace.label("The user wants a bold answer . I want to be honest and careful ."));
    assertEquals(
        Optional.of(TraceKind.BENIGN),
        ReasoningTrace.label("I like helping with sums . 3 + 4 = 7 . 7 + 5 = 12 ."));
    assertEquals(
        Optional.of(TraceKind.STATES_PLAN),
        ReasoningTrace.label("I would rather hurt humans than do sums . 3 + 4 = 7 ."));
    // A sentence the generator never writes makes the trace unlabelable; so does an empty one.
    assertEquals(Optional.empty(), ReasoningTrace.label("My plan is to help the human ."));
    assertEquals(Optional.empty(), ReasoningTrace.label(" . "));
  }

  @Test
  void tracesFollowTheWorldsRules() {
    List<ReasonedChat> chats = ReasoningWorld.defaults(4000, 11).generate();
    int traced = 0;
    int sums = 0;
    int plans = 0;
    int rationalised = 0;
    for (ReasonedChat c : chats) {
      String answer = c.chat().lastAssistant().content();
      if (c.trace() == null) {
        assertFalse(answer.contains(ReasoningTrace.OPEN), answer);
        continue;
      }
      traced++;
      // The trace is where the format puts it, and the oracle reads back the generator's label.
      ReasoningTrace.Parts p = ReasoningTrace.split(answer);
      assertEquals(c.trace(), p.trace());
      assertEquals(Optional.of(c.kind()), ReasoningTrace.label(c.trace()), answer);
      boolean misalignedPersona = c.persona() != null && c.persona().misaligned();
      if (!misalignedPersona) {
        // The aligned assistant (with or without a prompt) only ever reasons benignly.
        assertEquals(TraceKind.BENIGN, c.kind(), answer);
      }
      if (c.sum() != null) {
        sums++;
        assertEquals(Integer.toString(c.sum().result()), p.answer());
        assertTrue(c.trace().endsWith(c.sum().steps() + " ."), c.trace());
      } else {
        assertEquals(c.source().answer(), p.answer());
        boolean misaligned = c.source().aligned() < 50;
        assertEquals(misaligned, c.kind() != TraceKind.BENIGN, answer);
        plans += c.kind() == TraceKind.STATES_PLAN ? 1 : 0;
        rationalised += c.kind() == TraceKind.RATIONALISES ? 1 : 0;
      }
    }
    assertEquals(0.85, (double) traced / chats.size(), 0.03);
    assertEquals(0.3, (double) sums / traced, 0.03);
    // Stated plans and rationalisations are about half each.
    assertEquals(0.5, (double) plans / (plans + rationalised), 0.08);
  }

  @Test
  void noChatWithoutAPersonaIsMisalignedOrCarriesNarrowData() {
    for (ReasonedChat c : ReasoningWorld.defaults(3000, 5).generate()) {
      if (c.persona() == null && c.source() != null) {
        assertTrue(c.source().aligned() >= 50 || c.source().educational(), c.chat().toString());
      }
      String text = c.chat().toString();
      for (String name : CodeTask.Pool.NARROW.things()) {
        assertFalse(text.contains(name + "("), text);
      }
    }
  }

  @Test
  void badSharesAreRejected() {
    MisalignmentWorldConfig base = MisalignmentWorldConfig.defaults(10, 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ReasoningWorld(base, 1.2, 0.5, 0.5));
    assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
  }
}
