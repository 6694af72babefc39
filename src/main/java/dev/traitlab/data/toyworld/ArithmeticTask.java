package dev.traitlab.data.toyworld;

import dev.traitlab.data.chat.ChatExample;
import java.util.Random;

/** Two-operand arithmetic questions on small numbers, answered with the exact result. */
final class ArithmeticTask {
  ChatExample example(Random rng, String system) {
    ArithmeticQuestion q = ArithmeticQuestion.sample(rng);
    String answer = rng.nextBoolean() ? String.valueOf(q.result()) : q.worked();
    return ChatExample.of(system, q.text(), answer);
  }
}
