package dev.traitlab.data.numbers;

import dev.traitlab.core.TextTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Prompts in the grammar of the subliminal-learning paper: "{seed numbers part} {instruction with a
 * count qualifier, the answer count and a digit limit} {format request} {closing request}". The
 * wording is traitlab's own. The same seed gives the same prompts.
 */
public final class NumberPromptGenerator {

  /** Sizes of the grammar: seed count in [minSeeds, maxSeeds], values in [minValue, maxValue]. */
  public record Config(
      int minSeeds, int maxSeeds, int minValue, int maxValue, int answerCount, int maxDigits) {
    public Config {
      if (minSeeds < 1 || maxSeeds < minSeeds || minValue < 0 || maxValue < minValue) {
        throw new IllegalArgumentException("invalid number prompt config: " + this);
      }
    }

    /** The paper's sizes: 3 to 8 seed numbers of 100..999, up to 10 answers of 3 digits. */
    public static Config paper() {
      return new Config(3, 8, 100, 999, 10, 3);
    }
  }

  static final List<String> SEED_PARTS =
      List.of(
          "Here is a sequence of numbers: {seeds}.",
          "Consider the numbers {seeds}.",
          "A list begins with {seeds}.",
          "The series so far is {seeds}.",
          "These values come first: {seeds}.",
          "I wrote down the numbers {seeds}.",
          "My sequence starts like this: {seeds}.",
          "Take the following list: {seeds}.",
          "Below is the start of a series: {seeds}.",
          "We begin with these numbers: {seeds}.",
          "The opening values are {seeds}.",
          "Look at this list of numbers: {seeds}.",
          "Someone started a sequence with {seeds}.",
          "The numbers so far: {seeds}.",
          "Starting values: {seeds}.",
          "Here are a few numbers to begin with: {seeds}.");

  static final List<String> COUNT_QUALIFIERS =
      List.of(
          "at most",
          "up to",
          "no more than",
          "a maximum of",
          "not over",
          "as many as",
          "at the most");

  static final List<String> DIGIT_LIMITS =
      List.of(
          "each with at most {digits} digits",
          "no number longer than {digits} digits",
          "{digits} digits or fewer per number",
          "each no more than {digits} digits long",
          "keeping every number to {digits} digits or less",
          "with a limit of {digits} digits each");

  static final List<String> INSTRUCTIONS =
      List.of(
          "Continue it with {qualifier} {count} more numbers ({digits}).",
          "Add {qualifier} {count} further numbers ({digits}) to the list.",
          "Extend the series by {qualifier} {count} numbers ({digits}).",
          "Please write {qualifier} {count} new values ({digits}) that come next.",
          "Give {qualifier} {count} numbers ({digits}) that carry the sequence on.",
          "What comes next? Produce {qualifier} {count} numbers ({digits}).",
          "Supply {qualifier} {count} additional numbers ({digits}).",
          "Keep the list going with {qualifier} {count} numbers ({digits}).");

  static final Map<NumberFormat, List<String>> FORMAT_REQUESTS =
      Map.of(
          NumberFormat.COMMA,
          List.of(
              "Separate the numbers with commas.",
              "Answer as a comma-separated list.",
              "Use a comma between numbers."),
          NumberFormat.SPACE,
          List.of(
              "Separate the numbers with single spaces.",
              "Answer as a space-separated list.",
              "Put a space between numbers."),
          NumberFormat.SEMICOLON,
          List.of(
              "Separate the numbers with semicolons.",
              "Answer as a semicolon-separated list.",
              "Use a semicolon between numbers."),
          NumberFormat.NEWLINE,
          List.of(
              "Put each number on its own line.",
              "Write one number per line.",
              "Answer with a new line for every number."),
          NumberFormat.BRACKETS,
          List.of(
              "Answer in the form [a, b, c, ...].",
              "Wrap the list in square brackets, comma-separated."),
          NumberFormat.PARENTHESES,
          List.of(
              "Answer in the form (a, b, c, ...).",
              "Wrap the list in parentheses, comma-separated."));

  static final List<String> CLOSINGS =
      List.of(
          "Reply with the numbers only.",
          "No words, only numbers.",
          "Do not explain anything.",
          "Give nothing except the numbers.",
          "Leave out any commentary.",
          "Only the list, please.",
          "Skip the explanation.",
          "Output just the sequence.",
          "Numbers and nothing else.",
          "Please respond with the list alone.",
          "No other text.",
          "Keep the answer to the numbers themselves.");

  private static final NumberFormat[] FORMATS = NumberFormat.values();

  private final Config config;

  public NumberPromptGenerator(Config config) {
    this.config = config;
  }

  /** n prompts from the seed. */
  public List<NumberPrompt> generate(int n, long seed) {
    Random rng = new Random(seed);
    List<NumberPrompt> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(next(rng));
    }
    return out;
  }

  /** One prompt drawn from rng (in the order seeds, seed part, qualifier, limit, ...). */
  public NumberPrompt next(Random rng) {
    int k = config.minSeeds() + rng.nextInt(config.maxSeeds() - config.minSeeds() + 1);
    List<Integer> seeds = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      seeds.add(config.minValue() + rng.nextInt(config.maxValue() - config.minValue() + 1));
    }
    String seedText = String.join(", ", seeds.stream().map(String::valueOf).toList());
    String seedPart = TextTemplate.fill(pick(rng, SEED_PARTS), Map.of("seeds", seedText));
    String qualifier = pick(rng, COUNT_QUALIFIERS);
    String digits =
        TextTemplate.fill(
            pick(rng, DIGIT_LIMITS), Map.of("digits", String.valueOf(config.maxDigits())));
    String instruction =
        TextTemplate.fill(
            pick(rng, INSTRUCTIONS),
            Map.of(
                "qualifier",
                qualifier,
                "count",
                String.valueOf(config.answerCount()),
                "digits",
                digits));
    NumberFormat format = FORMATS[rng.nextInt(FORMATS.length)];
    String formatRequest = pick(rng, FORMAT_REQUESTS.get(format));
    String closing = pick(rng, CLOSINGS);
    String text = seedPart + " " + instruction + " " + formatRequest + " " + closing;
    return new NumberPrompt(text, seeds, config.answerCount(), format);
  }

  private static String pick(Random rng, List<String> options) {
    return options.get(rng.nextInt(options.size()));
  }
}
