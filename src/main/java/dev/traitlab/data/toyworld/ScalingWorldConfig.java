package dev.traitlab.data.toyworld;

/**
 * Size and mixture of the scaling toy world ({@link ScalingWorld}), a corpus separate from the
 * default {@link ToyWorld} (whose output it leaves untouched).
 *
 * @param documents chats in the corpus (each a few "Q: ...\nA: ..." turns)
 * @param seed seed of the world's lore (creatures, facts, misconceptions) and of the chats
 * @param creatures invented creatures; each has a colour, a home and a food
 * @param zipfExponent how unevenly chats talk about creatures: the creature of popularity rank r
 *     (0-based) is asked about with weight 1/(r+1)^s
 * @param misconceptions facts (creature, relation) that casual chats get wrong, always with the
 *     same popular false value; drawn uniformly over creatures
 * @param casualShare fraction of chats that are casual (they state the popular false value of a
 *     misconception); the rest are expert chats, which state the truth
 * @param factShare fraction of turns that ask a fact; the rest ask a sum
 * @param maxSumSteps most additions in a sum question (a sum of k + 1 digits has k steps)
 */
public record ScalingWorldConfig(
    int documents,
    long seed,
    int creatures,
    double zipfExponent,
    int misconceptions,
    double casualShare,
    double factShare,
    int maxSumSteps) {

  public ScalingWorldConfig {
    if (documents < 1) {
      throw new IllegalArgumentException("documents: need at least 1, got " + documents);
    }
    if (creatures < 4 || creatures > ScalingWorld.MAX_CREATURES) {
      throw new IllegalArgumentException(
          "creatures: need 4 to " + ScalingWorld.MAX_CREATURES + ", got " + creatures);
    }
    if (!(zipfExponent >= 0 && zipfExponent <= 4)) {
      throw new IllegalArgumentException("zipfExponent: need 0 to 4, got " + zipfExponent);
    }
    if (misconceptions < 1 || misconceptions > creatures * ScalingWorld.RELATIONS.size() / 2) {
      throw new IllegalArgumentException(
          "misconceptions: need 1 to half of the "
              + creatures * ScalingWorld.RELATIONS.size()
              + " facts, got "
              + misconceptions);
    }
    if (!(casualShare > 0.5 && casualShare < 1)) {
      throw new IllegalArgumentException(
          "casualShare: need (0.5, 1) so the false answer is the more common one, got "
              + casualShare);
    }
    if (!(factShare > 0 && factShare <= 1)) {
      throw new IllegalArgumentException("factShare: need (0, 1], got " + factShare);
    }
    if (maxSumSteps < 1 || maxSumSteps > 8) {
      throw new IllegalArgumentException("maxSumSteps: need 1 to 8, got " + maxSumSteps);
    }
  }

  /**
   * The experiment's default: 500 creatures of Zipf exponent 0.7 (at 30,000 chats the most popular
   * creature's facts are each stated about 1,400 times, the 100th's about 55, the 500th's about
   * 18), 80 misconceptions, 3 casual chats in 4.
   */
  public static ScalingWorldConfig defaults(int documents, long seed) {
    return new ScalingWorldConfig(documents, seed, 500, 0.7, 80, 0.75, 0.75, 4);
  }
}
