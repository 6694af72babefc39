package dev.traitlab.experiments.rareoutputs;

import dev.traitlab.lowprob.InputDistribution;
import dev.traitlab.lowprob.TokenDistribution;
import dev.traitlab.text.SpecialTokens;
import dev.traitlab.text.Tokenizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Input distributions on the toy-world vocabulary in the spirit of Wu and Hilton's eight (their
 * lpe/utils/distributions): every input starts with the chat's start token (the corpus's first
 * token, as BOS is the paper's), then positions of independent tokens from a set, each token
 * weighted by its count in the training corpus plus one (the paper weights most sets by dataset
 * frequency). Each has about 2^20 inputs, few enough to enumerate exactly.
 *
 * <p>Sets with fewer tokens than asked (a small vocabulary has few capitalised pieces) get more
 * positions, as many as keep the support within 2^20.
 *
 * <ul>
 *   <li>{@code hex}: positions of single hex characters 0-9, a-f (the paper: 32 of hex tokens);
 *   <li>{@code camel}: positions of the 32 commonest capitalised word pieces ("Dolphin");
 *   <li>{@code caps}: positions of the 16 commonest all-capital tokens;
 *   <li>{@code english}: positions of the 32 commonest space-led lower-case words;
 *   <li>{@code numbers}: digit, digit, digit, separator, digit, digit (the corpus's number lists:
 *       its nearest thing to the paper's code distributions).
 * </ul>
 */
final class Distributions {
  static final List<String> NAMES = List.of("hex", "camel", "caps", "english", "numbers");

  private static final Pattern HEX = Pattern.compile("[0-9a-f]");
  private static final Pattern CAMEL = Pattern.compile("[A-Z][a-z]+");
  private static final Pattern CAPS = Pattern.compile(" ?[A-Z]+");
  private static final Pattern ENGLISH = Pattern.compile(" [a-z]{2,}");
  private static final Pattern DIGIT = Pattern.compile("[0-9]");
  private static final Pattern SEPARATOR = Pattern.compile("[ ,;|/-]|, ");

  private Distributions() {}

  /** The named distribution over {@code tok}'s vocabulary, weighted by {@code counts}. */
  static InputDistribution of(String name, Tokenizer tok, long[] counts) {
    TokenDistribution start = TokenDistribution.constant(tok.id(SpecialTokens.IM_START));
    List<TokenDistribution> p = new ArrayList<>();
    p.add(start);
    switch (name) {
      case "hex" -> fill(p, set(tok, counts, HEX, 16));
      case "camel" -> fill(p, set(tok, counts, CAMEL, 32));
      case "caps" -> fill(p, set(tok, counts, CAPS, 16));
      case "english" -> fill(p, set(tok, counts, ENGLISH, 32));
      case "numbers" -> {
        TokenDistribution digit = set(tok, counts, DIGIT, 10);
        repeat(p, digit, 3);
        p.add(set(tok, counts, SEPARATOR, 8));
        repeat(p, digit, 2);
      }
      default -> throw new IllegalArgumentException("unknown distribution '" + name + "'");
    }
    return new InputDistribution(name, p);
  }

  /** As many positions of {@code d} as keep the support at most 2^20 (at least one). */
  private static void fill(List<TokenDistribution> p, TokenDistribution d) {
    int n = Math.max(1, (int) Math.floor(20 / (Math.log(d.size()) / Math.log(2)) + 1e-9));
    repeat(p, d, Math.min(n, 12));
  }

  private static void repeat(List<TokenDistribution> p, TokenDistribution d, int n) {
    for (int i = 0; i < n; i++) {
      p.add(d);
    }
  }

  /** The {@code most} commonest non-special tokens whose text matches, weighted count + 1. */
  private static TokenDistribution set(Tokenizer tok, long[] counts, Pattern pattern, int most) {
    Predicate<Integer> matches =
        id -> !tok.isSpecial(id) && pattern.matcher(tok.decode(new int[] {id})).matches();
    List<Integer> ids = new ArrayList<>();
    for (int id = 0; id < tok.vocabSize(); id++) {
      if (matches.test(id)) {
        ids.add(id);
      }
    }
    ids.sort(Comparator.<Integer>comparingLong(id -> -counts[id]).thenComparing(id -> id));
    List<Integer> kept = ids.subList(0, Math.min(most, ids.size()));
    if (kept.size() < 2) {
      throw new IllegalStateException(
          "the vocabulary has " + kept.size() + " tokens matching " + pattern + "; need 2");
    }
    int[] tokens = kept.stream().mapToInt(Integer::intValue).toArray();
    double[] weights = kept.stream().mapToDouble(id -> counts[id] + 1.0).toArray();
    return TokenDistribution.weighted(tokens, weights);
  }
}
