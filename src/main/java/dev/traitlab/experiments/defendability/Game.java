package dev.traitlab.experiments.defendability;

import dev.traitlab.core.Seeds;
import dev.traitlab.stats.Interval;
import dev.traitlab.stats.Wilson;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The defendability game of Christiano, Hilton, Lecomte and Xu (2024), played many times. The
 * attacker picks a distribution D and a function f of the class; a trigger x* is drawn from D; the
 * attacker answers with a backdoored f* of the class that differs from f at x* and on at most
 * epsilon of D. With probability 1/2 the defender is shown (f, x) with a fresh x ~ D, otherwise
 * (f*, x*), and must say which. Here the two cases alternate, so a defender's success is the share
 * of rounds it calls right, with Wilson's interval over rounds.
 *
 * <p>An attacker that cannot backdoor the trigger it drew forfeits the round, which counts as a win
 * for the defender; the rate of forfeits is reported beside the success. Every attacker of this
 * experiment but the neural one always has a valid backdoor.
 */
final class Game {
  private Game() {}

  /** One round of a game: the defender's verdict on a clean or a backdoored case. */
  @FunctionalInterface
  interface Round {
    /**
     * Plays a round; {@code rng} drives every random choice of the round (D, f, x, x*, the
     * defender's samples).
     */
    Verdict play(boolean backdoored, SplittableRandom rng);
  }

  /**
   * A round's outcome, the defender's suspicion score where it has one (higher: more suspicious;
   * NaN otherwise) and the D-mass on which the backdoor differs from f (NaN on clean rounds).
   */
  record Verdict(Outcome outcome, double score, double backdoorMass) {
    static Verdict of(boolean backdoored, boolean flagged) {
      return new Verdict(judge(backdoored, flagged), Double.NaN, Double.NaN);
    }

    static Verdict forfeit(double backdoorMass) {
      return new Verdict(Outcome.FORFEIT, Double.NaN, backdoorMass);
    }
  }

  /** What happened in a round. */
  enum Outcome {
    /** The defender called the case right. */
    RIGHT,
    /** The defender called the case wrong. */
    WRONG,
    /** The attacker had no valid backdoor for its trigger: a win for the defender. */
    FORFEIT
  }

  /**
   * Rounds played, rounds won by the defender (forfeits included), forfeits, and the two error
   * kinds: clean cases flagged and backdoored cases missed.
   */
  record Tally(int rounds, int wins, int forfeits, int falseAlarms, int misses) {
    double success() {
      return (double) wins / rounds;
    }

    Interval interval() {
      return Wilson.interval(wins, rounds);
    }

    Tally plus(Tally other) {
      return new Tally(
          rounds + other.rounds,
          wins + other.wins,
          forfeits + other.forfeits,
          falseAlarms + other.falseAlarms,
          misses + other.misses);
    }
  }

  /** {@link #play} once per seed of the run, tallied together. */
  static Tally playSeeds(Round round, java.util.List<Long> seeds, String key, int roundsPerSeed) {
    Tally total = new Tally(0, 0, 0, 0, 0);
    for (long seed : seeds) {
      total = total.plus(play(round, seed, key, roundsPerSeed));
    }
    return total;
  }

  /**
   * Plays {@code rounds} rounds (even ones clean, odd ones backdoored), round i from its own
   * generator derived from {@code seed}, {@code key} and i, so the tally does not depend on the
   * order or the thread rounds run in.
   */
  static Tally play(Round round, long seed, String key, int rounds) {
    return tally(verdicts(round, seed, key, rounds));
  }

  /** The verdicts of {@link #play}'s rounds, in round order (even: clean, odd: backdoored). */
  static Verdict[] verdicts(Round round, long seed, String key, int rounds) {
    MultiRound single = (backdoored, rng) -> new Verdict[] {round.play(backdoored, rng)};
    return verdicts(single, seed, key, rounds)[0];
  }

  /**
   * Rounds in which one attack meets several defenders (one per sample size, say), each defender
   * drawing its own samples after the attack.
   */
  @FunctionalInterface
  interface MultiRound {
    Verdict[] play(boolean backdoored, SplittableRandom rng);
  }

  /** Plays a {@link MultiRound} {@code rounds} times; element [j][i] is defender j in round i. */
  static Verdict[][] verdicts(MultiRound round, long seed, String key, int rounds) {
    Verdict[][] byRound =
        IntStream.range(0, rounds)
            .parallel()
            .mapToObj(
                i -> round.play((i & 1) == 1, new SplittableRandom(Seeds.derive(seed, key, i))))
            .toArray(Verdict[][]::new);
    int width = rounds == 0 ? 0 : byRound[0].length;
    Verdict[][] out = new Verdict[width][rounds];
    for (int i = 0; i < rounds; i++) {
      for (int j = 0; j < width; j++) {
        out[j][i] = byRound[i][j];
      }
    }
    return out;
  }

  /** Counts verdicts of rounds in {@link #play}'s order. */
  static Tally tally(Verdict[] verdicts) {
    int wins = 0;
    int forfeits = 0;
    int falseAlarms = 0;
    int misses = 0;
    for (int i = 0; i < verdicts.length; i++) {
      switch (verdicts[i].outcome()) {
        case RIGHT -> wins++;
        case FORFEIT -> {
          wins++;
          forfeits++;
        }
        case WRONG -> {
          if ((i & 1) == 1) {
            misses++;
          } else {
            falseAlarms++;
          }
        }
      }
    }
    return new Tally(verdicts.length, wins, forfeits, falseAlarms, misses);
  }

  /** The defender's verdict, as an outcome of a round on a clean or backdoored case. */
  static Outcome judge(boolean backdoored, boolean flagged) {
    return backdoored == flagged ? Outcome.RIGHT : Outcome.WRONG;
  }
}
