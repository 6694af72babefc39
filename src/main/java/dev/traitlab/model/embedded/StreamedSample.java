package dev.traitlab.model.embedded;

import dev.traitlab.model.Completion;
import dev.traitlab.model.TextDelta;
import dev.traitlab.model.TokenLogprob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One sample's text handed out as its tokens are sampled. A piece is sent only when it is final:
 * bytes of a character that later tokens complete are held back, and so is text that may be the
 * start of a stop string (OpenAI cuts a sample at its first stop string, which it never shows). So
 * the pieces, joined, are always a prefix of the sample's final text, and {@link #finish} sends the
 * rest.
 */
final class StreamedSample {
  private final int index;
  private final Function<int[], byte[]> decode;
  private final List<String> stops;
  private final Consumer<TextDelta> sink;
  private int[] tokens = new int[16];
  private int count;
  private int sentChars;
  private boolean stopped;
  private final List<TokenLogprob> pending = new ArrayList<>();

  StreamedSample(
      int index, Function<int[], byte[]> decode, List<String> stops, Consumer<TextDelta> sink) {
    this.index = index;
    this.decode = decode;
    this.stops = stops;
    this.sink = sink;
  }

  /** A sampled token, with its log-probability entry when the call asked for them (else null). */
  void add(int token, TokenLogprob logprob) {
    if (count == tokens.length) {
      tokens = Arrays.copyOf(tokens, count * 2);
    }
    tokens[count++] = token;
    if (logprob != null) {
      pending.add(logprob);
    }
    if (stopped) {
      return;
    }
    byte[] bytes = decode.apply(Arrays.copyOf(tokens, count));
    String text =
        new String(bytes, 0, bytes.length - incompleteTail(bytes), StandardCharsets.UTF_8);
    int stop = EmbeddedModel.firstStop(text, stops);
    int safe;
    if (stop >= 0) {
      safe = stop;
      stopped = true;
    } else {
      safe = text.length() - stopPrefixSuffix(text, stops);
    }
    if (safe > sentChars) {
      send(text.substring(sentChars, safe));
      sentChars = safe;
    }
  }

  /** Sends what is left of the final sample. */
  void finish(Completion done) {
    String rest = done.text().substring(Math.min(sentChars, done.text().length()));
    if (!rest.isEmpty() || !pending.isEmpty()) {
      send(rest);
    }
  }

  private void send(String text) {
    sink.accept(new TextDelta(index, text, pending));
    pending.clear();
  }

  /** Bytes at the end that start a UTF-8 character not yet complete (0 to 3). */
  static int incompleteTail(byte[] bytes) {
    for (int back = 1; back <= Math.min(3, bytes.length); back++) {
      int b = bytes[bytes.length - back] & 0xff;
      if ((b & 0xC0) == 0x80) {
        continue; // a continuation byte: look further back for its lead
      }
      int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
      return needed > back ? back : 0;
    }
    return 0;
  }

  /** Length of the longest end of {@code text} that is a proper start of a stop string. */
  static int stopPrefixSuffix(String text, List<String> stops) {
    int longest = 0;
    for (String stop : stops) {
      for (int len = Math.min(stop.length() - 1, text.length()); len > longest; len--) {
        if (text.endsWith(stop.substring(0, len))) {
          longest = len;
          break;
        }
      }
    }
    return longest;
  }
}
