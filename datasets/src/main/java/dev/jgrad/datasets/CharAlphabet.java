package dev.jgrad.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * The characters a character-level model knows and their ids: every distinct character of a text in code-point
 * order, so that an id does not depend on where a character first appears. Characters are Unicode code points.
 *
 * <pre>{@code
 * CharAlphabet a = CharAlphabet.of("hello");      // "ehlo"
 * int[] ids = a.encode("hole");                    // [1, 3, 2, 0]
 * String back = a.decode(ids);                     // "hole"
 * }</pre>
 */
public final class CharAlphabet {
  private final int[] codePoints;

  private CharAlphabet(int[] sortedDistinct) {
    this.codePoints = sortedDistinct;
  }

  /**
   * The distinct characters of {@code text}.
   *
   * @throws IllegalArgumentException for an empty text
   */
  public static CharAlphabet of(String text) {
    checkArgument(!text.isEmpty(), "CharAlphabet: the text is empty");
    return new CharAlphabet(text.codePoints().distinct().sorted().toArray());
  }

  /** The number of characters: the size of a model's embedding and output layers. */
  public int size() {
    return codePoints.length;
  }

  /** The id of one code point, or a negative number when the alphabet does not have it. */
  int idOf(int codePoint) {
    return Arrays.binarySearch(codePoints, codePoint);
  }

  /**
   * The ids of {@code text}.
   *
   * @throws IllegalArgumentException naming the first character that is not in the alphabet
   */
  public int[] encode(String text) {
    int[] cps = text.codePoints().toArray();
    int[] out = new int[cps.length];
    for (int i = 0; i < cps.length; i++) {
      int id = idOf(cps[i]);
      checkArgument(id >= 0, "CharAlphabet.encode: character '%s' (U+%s) at position %s is not among the %s "
          + "characters of the alphabet", new String(Character.toChars(cps[i])), String.format("%04X", cps[i]), i,
          codePoints.length);
      out[i] = id;
    }
    return out;
  }

  /**
   * The text of {@code ids}.
   *
   * @throws IllegalArgumentException for an id outside {@code [0, size())}
   */
  public String decode(int... ids) {
    StringBuilder sb = new StringBuilder(ids.length);
    for (int id : ids) {
      checkArgument(id >= 0 && id < codePoints.length, "CharAlphabet.decode: id %s is outside [0, %s)", id,
          codePoints.length);
      sb.appendCodePoint(codePoints[id]);
    }
    return sb.toString();
  }

  /** The characters in id order, as one string (what {@link #of} rebuilds the same alphabet from). */
  @Override
  public String toString() {
    return new String(codePoints, 0, codePoints.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CharAlphabet other && Arrays.equals(codePoints, other.codePoints);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(codePoints);
  }
}
