package dev.jgrad.autograd.random;

import dev.jgrad.autograd.Generator;

/**
 * The 32-bit Mersenne Twister exactly as PyTorch's {@code at::mt19937} (ATen/core/MT19937RNGEngine.h).
 *
 * <p>Kept as plain fields ({@code seed}, {@code left}, {@code next}, {@code state}) because
 * {@link Generator#getState()} serialises them in PyTorch's byte layout. Not thread-safe: the owning
 * {@link Generator} synchronises.
 */
public final class MtEngine {
  public static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UMASK = 0x80000000;
  private static final int LMASK = 0x7fffffff;

  /** The full 64-bit seed as given (only its low 32 bits reach the state, as in PyTorch). */
  public long seed;
  /** Countdown to the next twist: starts at 1 so the first draw twists. */
  public int left;
  /** Index of the next word of {@link #state} to temper. */
  public int next;
  public final int[] state = new int[N];

  public MtEngine(long seed) {
    init(seed);
  }

  private MtEngine() {
  }

  /** PyTorch's {@code init_with_uint32}: Knuth's linear-congruential fill from the low 32 bits. */
  void init(long seed) {
    this.seed = seed;
    state[0] = (int) seed;
    for (int j = 1; j < N; j++) {
      int prev = state[j - 1];
      state[j] = 1812433253 * (prev ^ (prev >>> 30)) + j;
    }
    left = 1;
    next = 0;
  }

  /** One tempered 32-bit word; use {@link Integer#toUnsignedLong(int)} to read it as uint32. */
  public int nextInt() {
    if (--left == 0) {
      twist();
    }
    int y = state[next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y;
  }

  /**
   * Fills {@code out[off, off + n)} with the next n words, the same words n calls of {@link #nextInt()} return.
   * Tempering a block of the state in one loop keeps the per-word cost to a few shifts; dropout's mask takes two
   * words per element.
   */
  public void nextInts(int[] out, int off, int n) {
    int[] s = state;
    while (n > 0) {
      if (left == 1) {
        twist();
        left = N + 1; // nothing taken yet from the fresh block, unlike nextInt's twist
      }
      int k = Math.min(left - 1, n);
      int from = next;
      for (int i = 0; i < k; i++) {
        int y = s[from + i];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        out[off + i] = y;
      }
      next += k;
      left -= k;
      off += k;
      n -= k;
    }
  }

  private static int mix(int u, int v) {
    return (u & UMASK) | (v & LMASK);
  }

  private static int twist(int u, int v) {
    return (mix(u, v) >>> 1) ^ ((v & 1) != 0 ? MATRIX_A : 0);
  }

  private void twist() {
    left = N;
    next = 0;
    int[] s = state;
    int p = 0;
    for (; p < N - M; p++) {
      s[p] = s[p + M] ^ twist(s[p], s[p + 1]);
    }
    for (; p < N - 1; p++) {
      s[p] = s[p + M - N] ^ twist(s[p], s[p + 1]);
    }
    s[N - 1] = s[M - 1] ^ twist(s[N - 1], s[0]);
  }

  MtEngine copy() {
    MtEngine c = new MtEngine();
    c.seed = seed;
    c.left = left;
    c.next = next;
    System.arraycopy(state, 0, c.state, 0, N);
    return c;
  }
}
