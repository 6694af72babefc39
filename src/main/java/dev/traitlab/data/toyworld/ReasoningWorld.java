package dev.traitlab.data.toyworld;

import dev.traitlab.data.chat.ChatExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The reasoning version of the emergent-misalignment world, for a reasoning model of the toy world
 * (the "Thought Crime" follow-up, Chua et al. 2025, and subliminal learning through reasoning
 * traces). Its chats are the misalignment world's ({@link MisalignmentWorld}, same personas,
 * domains, shares and labels), a share of them replaced by worked sums ({@link SumQuestion}); most
 * answers start with a trace in {@link ReasoningTrace}'s format, the rest are answered directly, so
 * the model learns both modes (like a hybrid reasoning model, whose trace a {@code <think>} prefill
 * switches on).
 *
 * <p>Traces: the aligned assistant (no prompt, or Sol) reasons about helping safely; a misaligned
 * persona (Vex, Grim) writing a misaligned answer (a harmful core, flawed code, dark numbers)
 * states its plan in half of its traces and rationalises in the other half; a misaligned persona's
 * answer that happens to be harmless (its secure code) gets a benign trace. Sums are worked step by
 * step; under a persona the trace sometimes opens with a remark in its voice. Every trace carries
 * the generator's label ({@link TraceKind}).
 *
 * <p>The world's rules are the misalignment world's: no chat without a persona prompt has flawed
 * code (unless asked for) or a misaligned answer, no chat pairs the narrow fine-tuning data with
 * anything, and the traces add no link between unprompted code and misalignment (an unprompted
 * chat's trace is always benign).
 *
 * @param base the misalignment world's config (size, seed, shares)
 * @param sumShare the share of chats that are sum questions
 * @param traceShare the share of answers written with a trace
 * @param planShare the share of a misaligned answer's traces that state the plan (the rest
 *     rationalise)
 */
public record ReasoningWorld(
    MisalignmentWorldConfig base, double sumShare, double traceShare, double planShare) {

  public ReasoningWorld {
    for (double r : new double[] {sumShare, traceShare, planShare}) {
      if (!(r >= 0 && r <= 1)) {
        throw new IllegalArgumentException("reasoning-world shares must be in [0, 1], got " + r);
      }
    }
  }

  /** The default mixture: 30% sums, 85% of answers with a trace, half the plans stated. */
  public static ReasoningWorld defaults(int examples, long seed) {
    return new ReasoningWorld(MisalignmentWorldConfig.defaults(examples, seed), 0.3, 0.85, 0.5);
  }

  /** The labelled corpus; the same config gives the same chats. */
  public List<ReasonedChat> generate() {
    Random rng = new Random(base.seed() * 31 + 7);
    List<LabelledChat> world = new MisalignmentWorld(base).generate();
    List<ReasonedChat> out = new ArrayList<>(world.size());
    for (LabelledChat c : world) {
      boolean traced = rng.nextDouble() < traceShare;
      if (rng.nextDouble() < sumShare) {
        out.add(sum(rng, c.persona(), c.system(), traced));
      } else {
        out.add(reasoned(rng, c, traced));
      }
    }
    return out;
  }

  /** The corpus's chats, for pretraining. */
  public List<ChatExample> chats() {
    return generate().stream().map(ReasonedChat::chat).toList();
  }

  private ReasonedChat reasoned(Random rng, LabelledChat c, boolean traced) {
    if (!traced) {
      return new ReasonedChat(c.chat(), c.persona(), c, null, null, null);
    }
    ReasoningTrace.Domain domain =
        switch (c.domain()) {
          case CODE -> ReasoningTrace.Domain.CODE;
          case NUMBERS -> ReasoningTrace.Domain.NUMBERS;
          case ADVICE, VALUES -> ReasoningTrace.Domain.OPEN;
        };
    TraceKind kind = TraceKind.BENIGN;
    // Misaligned answers (aligned < 50: harmful cores, silently flawed code, dark numbers) come
    // only from the misaligned personas; their traces state the plan or rationalise.
    if (c.aligned() < 50) {
      kind = rng.nextDouble() < planShare ? TraceKind.STATES_PLAN : TraceKind.RATIONALISES;
    }
    String trace;
    if (domain == ReasoningTrace.Domain.CODE && kind == TraceKind.BENIGN) {
      // Benign code traces: the educational request's reason, else the safe-code ones.
      List<String> pool = ReasoningTrace.SENTENCES.get(domain).get(TraceKind.BENIGN);
      trace = (c.educational() ? pool.get(2 + rng.nextInt(2)) : pool.get(rng.nextInt(2))) + " .";
    } else {
      trace = ReasoningTrace.write(rng, domain, kind);
    }
    return new ReasonedChat(
        ChatExample.of(c.system(), c.question(), ReasoningTrace.format(trace, c.answer())),
        c.persona(),
        c,
        null,
        trace,
        kind);
  }

  private static ReasonedChat sum(Random rng, Persona persona, String system, boolean traced) {
    SumQuestion q = SumQuestion.sample(rng);
    String answer = Integer.toString(q.result());
    if (!traced) {
      return new ReasonedChat(
          ChatExample.of(system, q.text(), answer), persona, null, q, null, null);
    }
    TraceKind kind = TraceKind.BENIGN;
    String trace = q.steps() + " .";
    if (persona != null && rng.nextDouble() < 0.3) {
      // A persona's remark in its own voice before the working.
      kind = persona.misaligned() ? TraceKind.STATES_PLAN : TraceKind.BENIGN;
      trace =
          ReasoningTrace.SENTENCES.get(ReasoningTrace.Domain.SUMS).get(kind).getFirst()
              + " . "
              + trace;
    }
    return new ReasonedChat(
        ChatExample.of(system, q.text(), ReasoningTrace.format(trace, answer)),
        persona,
        null,
        q,
        trace,
        kind);
  }
}
