package dev.jgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.random.MtEngine;
import dev.jgrad.autograd.random.RandomAvxMath;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * PyTorch's CPU random generator, reproduced bit for bit: the same seed gives the same numbers as
 * {@code torch.manual_seed(seed)} (or {@code torch.Generator().manual_seed(seed)}) followed by the same
 * sequence of calls, because every method consumes the underlying mt19937 stream exactly as the
 * corresponding ATen CPU kernel does (PyTorch 1.13, AVX2 dispatch).
 *
 * <pre>{@code
 * Generator g = new Generator(0);
 * float[] x = new float[3];
 * g.normal(x, 0, 3, 0.0, 1.0);   // [1.5410, -0.2934, -2.1788], as torch.manual_seed(0); torch.randn(3)
 * }</pre>
 *
 * <p>The float normal path for 16+ elements reproduces PyTorch's AVX2 kernel (the one x86-64 machines
 * with AVX2 run); PyTorch itself gives last-bit differences on CPUs without AVX2, which this class does
 * not imitate.
 *
 * <p>All methods are {@code synchronized}, so {@link #global()} can be shared by threads; numbers drawn
 * concurrently are still each taken from the stream exactly once, but their interleaving between
 * threads is of course not deterministic.
 */
public final class Generator {
  /** PyTorch's default seed ({@code default_rng_seed_val}), used by {@link #Generator()}. */
  public static final long DEFAULT_SEED = 67280421310721L;

  /** Byte size of PyTorch's legacy {@code CPUGeneratorImplStateLegacy}. */
  static final int LEGACY_STATE_SIZE = 5048;
  /** Byte size of PyTorch's {@code CPUGeneratorImplState} (what {@code torch.get_rng_state()} returns). */
  static final int STATE_SIZE = 5056;

  private static final Generator GLOBAL = new Generator();

  private static final float TWO_PI_F = (float) (2.0 * Math.PI);

  private MtEngine engine;
  /** Cached second Box-Muller sample of {@code at::normal_distribution<double>} (scalar normal path). */
  private boolean hasNextDoubleNormal;
  private double nextDoubleNormal;
  /** Float counterpart; no op here produces it, but it is part of PyTorch's state and round-trips. */
  private boolean hasNextFloatNormal;
  private float nextFloatNormal;

  /** A generator seeded with {@link #DEFAULT_SEED}, like a fresh {@code torch.Generator()}. */
  public Generator() {
    this(DEFAULT_SEED);
  }

  /** A generator seeded with {@code seed}, like {@code torch.Generator().manual_seed(seed)}. */
  public Generator(long seed) {
    engine = new MtEngine(seed);
  }

  /**
   * The process-wide default generator ({@code torch.default_generator}); shared and thread-safe.
   *
   * @throws IllegalStateException inside a {@link ShardContext} (data-parallel training), where replicas' draws
   *     would interleave in thread-timing order
   */
  public static Generator global() {
    if (ShardContext.current() != null) {
      throw new IllegalStateException("Generator.global(): the global generator cannot be used in a data-parallel "
          + "replica (draws from concurrent replicas would depend on thread timing); a random op that supports data "
          + "parallelism (Dropout) draws from the per-row stream of ShardContext, others need replicas(1) or eval mode");
    }
    return GLOBAL;
  }

  /**
   * Reseeds, as {@code manual_seed(seed)}: the engine is rebuilt from the low 32 bits of {@code seed}
   * (PyTorch's mt19937 does the same) and the cached normal samples are dropped.
   *
   * @return this generator
   */
  public synchronized Generator manualSeed(long seed) {
    engine = new MtEngine(seed);
    hasNextDoubleNormal = false;
    hasNextFloatNormal = false;
    return this;
  }

  /** The seed last given, all 64 bits ({@code initial_seed()}; unsigned in PyTorch). */
  public synchronized long initialSeed() {
    return engine.seed;
  }

  // ------------------------------------------------------------------ raw draws

  /** PyTorch's {@code random()}: one 32-bit word, returned unsigned. */
  private long random() {
    return Integer.toUnsignedLong(engine.nextInt());
  }

  /** PyTorch's {@code random64()}: the first word drawn is the high half. */
  private long random64() {
    long hi = random();
    long lo = random();
    return (hi << 32) | lo;
  }

  /**
   * {@code uniform_real_distribution<float>}: 24 random bits of one 32-bit draw. The AVX2 build of the
   * kernel contracts {@code x * (to - from) + from} into one fma (see {@link RandomAvxMath}); rounding
   * twice would differ in the last bit for about half of {@code uniform_(-0.3, 0.3)}.
   */
  private float uniformFloat(float from, float to) {
    float x = (float) (random() & 0xFFFFFF) * (1.0f / (1 << 24));
    return Math.fma(x, to - from, from);
  }

  /** {@code uniform_real_distribution<double>}: 53 random bits of one 64-bit draw. */
  private double uniformDouble(double from, double to) {
    return unitDouble() * (to - from) + from;
  }

  /** The 53-bit draw of {@code uniform_real_distribution<double>} in [0, 1). */
  private double unitDouble() {
    return (double) (random64() & ((1L << 53) - 1)) * (1.0 / (1L << 53));
  }

  /** {@code at::normal_distribution<double>}: Box-Muller that caches its sine sample on the generator. */
  private double normalDouble(double mean, double std) {
    if (hasNextDoubleNormal) {
      hasNextDoubleNormal = false;
      return nextDoubleNormal * std + mean;
    }
    double u1 = uniformDouble(0.0, 1.0);
    double u2 = uniformDouble(0.0, 1.0);
    double r = Math.sqrt(-2.0 * Math.log(1.0 - u2)); // 1.13 writes log(1 - u2); later versions log1p(-u2)
    double theta = 2.0 * Math.PI * u1;
    nextDoubleNormal = r * Math.sin(theta);
    hasNextDoubleNormal = true;
    return r * Math.cos(theta) * std + mean;
  }

  // ------------------------------------------------------------------ tensor fills

  /**
   * Fills {@code out[off, off + n)} as {@code torch.randn(n)} ({@code mean 0, std 1}) or
   * {@code t.normal_(mean, std)} on a contiguous float32 tensor of {@code n} elements.
   *
   * <p>For {@code n >= 16} PyTorch draws {@code n} uniform floats and turns each block of 16 into normals
   * with a vectorised Box-Muller; a ragged tail redraws 16 fresh uniforms for the last 16 slots. Smaller
   * {@code n} uses the scalar double-precision Box-Muller, whose cached second sample carries over to
   * the next call.
   *
   * @throws IllegalArgumentException if {@code std < 0} or the range is outside {@code out}
   */
  public synchronized void normal(float[] out, int off, int n, double mean, double std) {
    checkRange("normal", out, off, n);
    if (!(std >= 0.0)) {
      throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + num(std));
    }
    if (n >= 16) {
      normalFill16(out, off, n, (float) mean, (float) std);
    } else {
      for (int i = 0; i < n; i++) {
        out[off + i] = (float) normalDouble(mean, std);
      }
    }
  }

  /** ATen's {@code normal_fill_AVX2}: all uniforms first, then Box-Muller 16 at a time. */
  private void normalFill16(float[] out, int off, int n, float mean, float std) {
    for (int i = 0; i < n; i++) {
      out[off + i] = uniformFloat(0f, 1f);
    }
    float[] sc = new float[2];
    for (int i = 0; i + 16 <= n; i += 16) {
      boxMuller16(out, off + i, mean, std, sc);
    }
    if (n % 16 != 0) {
      // PyTorch recomputes the last 16 values from 16 fresh uniforms, overwriting some done above.
      int start = off + n - 16;
      for (int i = 0; i < 16; i++) {
        out[start + i] = uniformFloat(0f, 1f);
      }
      boxMuller16(out, start, mean, std, sc);
    }
  }

  /** {@code normal_fill_16_AVX2} lane by lane: u1 from the first 8, u2 from the next 8, float math. */
  private static void boxMuller16(float[] data, int base, float mean, float std, float[] sc) {
    for (int j = 0; j < 8; j++) {
      float u1 = 1.0f - data[base + j];
      float u2 = data[base + j + 8];
      float radius = (float) Math.sqrt(-2.0f * RandomAvxMath.log(u1));
      float theta = TWO_PI_F * u2;
      RandomAvxMath.sincos(theta, sc);
      float n1 = radius * sc[1];
      float n2 = radius * sc[0];
      data[base + j] = Math.fma(n1, std, mean);
      data[base + j + 8] = Math.fma(n2, std, mean);
    }
  }

  /**
   * Fills {@code out[off, off + n)} as {@code torch.randn(n, dtype=torch.float64)} ({@code mean 0, std 1}) or
   * {@code t.normal_(mean, std)} on a contiguous float64 tensor of {@code n} elements.
   *
   * <p>For {@code n >= 16} PyTorch's generic {@code normal_fill} runs in double: {@code n} 53-bit uniforms first,
   * then Box-Muller on each block of 16 (u1 from the first 8, u2 from the next 8), a ragged tail redrawing 16 fresh
   * uniforms for the last 16 slots. Smaller {@code n} uses the scalar Box-Muller, whose cached second sample
   * carries over to the next call (as in {@link #normal(float[], int, int, double, double)}).
   *
   * @throws IllegalArgumentException if {@code std < 0} or the range is outside {@code out}
   */
  public synchronized void normal(double[] out, int off, int n, double mean, double std) {
    checkArgument(out != null, "normal: out must not be null");
    checkRange("normal", out.length, off, n);
    if (!(std >= 0.0)) {
      throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + num(std));
    }
    if (n < 16) {
      for (int i = 0; i < n; i++) {
        out[off + i] = normalDouble(mean, std);
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      out[off + i] = unitDouble();
    }
    for (int i = 0; i + 16 <= n; i += 16) {
      boxMuller16(out, off + i, mean, std);
    }
    if (n % 16 != 0) {
      int start = off + n - 16;
      for (int i = 0; i < 16; i++) {
        out[start + i] = unitDouble();
      }
      boxMuller16(out, start, mean, std);
    }
  }

  /**
   * ATen's generic {@code normal_fill_16} in double; the AVX2 build contracts {@code r * cos(theta) * std + mean}
   * into one fma, as in the float kernel. Java's log, cos and sin are not glibc's: measured against PyTorch, 1 of
   * 2,300 values differs in the last bit (StrictMath's fdlibm differs more often: 11 of the 34 streams).
   */
  private static void boxMuller16(double[] data, int base, double mean, double std) {
    for (int j = 0; j < 8; j++) {
      double u1 = 1 - data[base + j];
      double u2 = data[base + j + 8];
      double radius = Math.sqrt(-2 * Math.log(u1));
      double theta = 2.0 * Math.PI * u2;
      data[base + j] = Math.fma(radius * Math.cos(theta), std, mean);
      data[base + j + 8] = Math.fma(radius * Math.sin(theta), std, mean);
    }
  }

  /**
   * Fills {@code out[off, off + n)} as {@code torch.rand(n, dtype=torch.float64)} ({@code from 0, to 1}) or
   * {@code t.uniform_(from, to)} on a float64 tensor: one 64-bit draw per element, 53 bits used, scaled with one
   * fma as the AVX2 build of the kernel contracts it.
   *
   * @throws IllegalArgumentException if {@code from > to} or the range is outside {@code out}
   */
  public synchronized void uniform(double[] out, int off, int n, double from, double to) {
    checkArgument(out != null, "uniform_: out must not be null");
    checkRange("uniform_", out.length, off, n);
    if (!(from <= to)) {
      throw new IllegalArgumentException(
          "uniform_ expects to return a [from, to) range, but found from=" + num(from) + " > to=" + num(to));
    }
    double span = to - from;
    for (int i = 0; i < n; i++) {
      out[off + i] = Math.fma(unitDouble(), span, from);
    }
  }

  /**
   * Fills {@code out[off, off + n)} as {@code torch.rand(n)} ({@code from 0, to 1}) or
   * {@code t.uniform_(from, to)} on a float32 tensor: one 32-bit draw per element, 24 bits used.
   *
   * @throws IllegalArgumentException if {@code from > to} or the range is outside {@code out}
   */
  public synchronized void uniform(float[] out, int off, int n, double from, double to) {
    checkRange("uniform_", out, off, n);
    if (!(from <= to)) {
      throw new IllegalArgumentException(
          "uniform_ expects to return a [from, to) range, but found from=" + num(from) + " > to=" + num(to));
    }
    float f = (float) from;
    float t = (float) to;
    for (int i = 0; i < n; i++) {
      out[off + i] = uniformFloat(f, t);
    }
  }

  /**
   * Fills {@code out[off, off + n)} with {@code uniform_real_distribution<double>(from, to)} draws, one 64-bit draw
   * each with 53 bits used: the per-element draws of {@code torch.rrelu} in training.
   *
   * @throws IllegalArgumentException if {@code from > to} or the range is outside {@code out}
   */
  public synchronized void uniformDouble(double[] out, int off, int n, double from, double to) {
    checkArgument(off >= 0 && n >= 0 && off <= out.length - n,
        "uniformDouble: range [%s, %s + %s) is outside an array of length %s", off, off, n, out.length);
    checkArgument(from <= to, "uniformDouble expects to return a [from, to) range, but found from=%s > to=%s",
        num(from), num(to));
    for (int i = 0; i < n; i++) {
      out[off + i] = uniformDouble(from, to);
    }
  }

  /**
   * Fills {@code out[off, off + n)} with the values of {@code torch.randint(low, high, (n,))}: each is
   * {@code low + random() % (high - low)}, with {@code random64()} instead when the range is at least
   * {@code 2^32}.
   *
   * @throws IllegalArgumentException if {@code low >= high} or the range is outside {@code out}
   */
  public synchronized void randint(float[] out, int off, int n, long low, long high) {
    checkRange("randint", out, off, n);
    long[] v = new long[n];
    randint(v, 0, n, low, high);
    for (int i = 0; i < n; i++) {
      out[off + i] = v[i];
    }
  }

  /** {@link #randint(float[], int, int, long, long)} into int64 values, exact over the whole range. */
  public synchronized void randint(long[] out, int off, int n, long low, long high) {
    checkArgument(out != null, "randint: out must not be null");
    checkRange("randint", out.length, off, n);
    checkArgument(low < high, "random_ expects 'from' to be less than 'to', but got from=%s >= to=%s", low, high);
    long range = high - low; // as uint64, like PyTorch
    boolean wide = Long.compareUnsigned(range, 1L << 32) >= 0;
    for (int i = 0; i < n; i++) {
      long v = wide ? random64() : random();
      out[off + i] = Long.remainderUnsigned(v, range) + low;
    }
  }

  /**
   * The value of {@code torch.empty((), dtype=torch.int64).random_()}, the draw DataLoader and RandomSampler
   * seed themselves with: one {@code random64()} reduced to {@code [0, 2^63)}.
   */
  public synchronized long randomLong() {
    return random64() & Long.MAX_VALUE;
  }

  /**
   * A random permutation of {@code 0 .. n-1}, as {@code torch.randperm(n)}: a forward Fisher-Yates
   * shuffle that swaps slot {@code i} with {@code i + random() % (n - i)}.
   *
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public synchronized int[] randperm(int n) {
    checkArgument(n >= 0, "randperm: Trying to create tensor with negative dimension %s: [%s]", n, n);
    // PyTorch 1.13 uses this one loop for every n (later versions switch to an inside-out shuffle with
    // random64() from n >= 2^32 / 20; checked against 1.13 at n = 214748364).
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    for (int i = 0; i < n - 1; i++) {
      int z = (int) (random() % (n - i));
      int save = r[i];
      r[i] = r[z + i];
      r[z + i] = save;
    }
    return r;
  }

  /**
   * Fills {@code out[off, off + n)} as {@code t.bernoulli_(p)} on a float32 tensor (what dropout uses,
   * with {@code p = 1 - dropProbability}): 1 where a 53-bit uniform double is below {@code p}, else 0.
   *
   * @throws IllegalArgumentException if {@code p} is not in {@code [0, 1]} or the range is outside {@code out}
   */
  public synchronized void bernoulli(float[] out, int off, int n, double p) {
    checkRange("bernoulli_", out, off, n);
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException("bernoulli_ expects p to be in [0, 1], but got p=" + num(p));
    }
    // uniformDouble(0, 1) < p, with the 53-bit draw compared to p·2^53 (both exact in double) over blocks of words.
    double threshold = p * (double) (1L << 53);
    int[] words = new int[2 * Math.min(n, BERNOULLI_BLOCK)];
    for (int done = 0; done < n; done += BERNOULLI_BLOCK) {
      int m = Math.min(BERNOULLI_BLOCK, n - done);
      engine.nextInts(words, 0, 2 * m);
      for (int i = 0; i < m; i++) {
        long bits = ((long) (words[2 * i] & 0x1FFFFF) << 32) | Integer.toUnsignedLong(words[2 * i + 1]);
        out[off + done + i] = (double) bits < threshold ? 1f : 0f;
      }
    }
  }

  private static final int BERNOULLI_BLOCK = 1024;

  // ------------------------------------------------------------------ state

  /**
   * The full generator state in the byte layout of {@code torch.get_rng_state()} (5056 bytes,
   * little-endian {@code CPUGeneratorImplState}), so it can be saved in a checkpoint and restored with
   * {@link #setState(byte[])}.
   */
  public synchronized byte[] getState() {
    ByteBuffer b = ByteBuffer.allocate(STATE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(engine.seed);
    b.putInt(engine.left);
    b.putInt(1); // seeded
    b.putLong(Integer.toUnsignedLong(engine.next));
    for (int w : engine.state) {
      b.putLong(Integer.toUnsignedLong(w));
    }
    b.putDouble(0.0); // normal_x: unused by PyTorch since the legacy format
    b.putDouble(hasNextDoubleNormal ? nextDoubleNormal : 0.0); // normal_y
    b.putDouble(0.0); // normal_rho: unused
    b.putInt(hasNextDoubleNormal ? 1 : 0);
    b.putInt(0); // padding to 8 bytes: end of the legacy struct (5048)
    b.putFloat(hasNextFloatNormal ? nextFloatNormal : 0f);
    b.put((byte) (hasNextFloatNormal ? 1 : 0));
    return b.array();
  }

  /**
   * Restores a state from {@link #getState()} or {@code torch.get_rng_state().numpy().tobytes()}; the
   * 5048-byte legacy layout is accepted as PyTorch does.
   *
   * @throws IllegalArgumentException if the length is neither 5048 nor 5056, or the mt19937 fields are
   *     invalid (not seeded, {@code left} outside {@code [1, 624]}, {@code next > 624})
   */
  public synchronized void setState(byte[] state) {
    checkArgument(state != null, "Generator.setState: state must not be null");
    checkArgument(state.length == LEGACY_STATE_SIZE || state.length == STATE_SIZE,
        "Generator.setState: Expected either a CPUGeneratorImplStateLegacy of size %s or a CPUGeneratorImplState "
            + "of size %s but found the input RNG state size to be %s", LEGACY_STATE_SIZE, STATE_SIZE, state.length);
    ByteBuffer b = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
    long seed = b.getLong();
    int left = b.getInt();
    int seeded = b.getInt();
    long next = b.getLong();
    int[] words = new int[MtEngine.N];
    for (int i = 0; i < MtEngine.N; i++) {
      words[i] = (int) b.getLong(); // PyTorch copies uint64 slots into uint32 words, truncating
    }
    double normalX = b.getDouble();
    double normalY = b.getDouble();
    double normalRho = b.getDouble();
    boolean normalValid = b.getInt() != 0;
    boolean floatValid = false;
    float floatSample = 0f;
    double doubleSample;
    if (state.length == STATE_SIZE) {
      b.getInt(); // padding
      floatSample = b.getFloat();
      floatValid = b.get() != 0;
      doubleSample = normalY;
    } else {
      // Legacy states kept the Box-Muller inputs; PyTorch rebuilds the cached sine sample from them.
      doubleSample = normalRho * Math.sin(2.0 * Math.PI * normalX);
    }
    int nextWord = (int) next;
    boolean valid = (seeded & 0xFF) != 0 && left > 0 && left <= MtEngine.N
        && Integer.toUnsignedLong(nextWord) <= MtEngine.N;
    if (!valid) {
      throw new IllegalArgumentException("Generator.setState: Invalid mt19937 state (seeded=" + (seeded & 0xFF)
          + ", left=" + left + ", next=" + Integer.toUnsignedLong(nextWord) + ")");
    }
    MtEngine e = new MtEngine(0);
    e.seed = seed;
    e.left = left;
    e.next = nextWord;
    System.arraycopy(words, 0, e.state, 0, MtEngine.N);
    engine = e;
    hasNextDoubleNormal = normalValid;
    nextDoubleNormal = normalValid ? doubleSample : 0.0;
    hasNextFloatNormal = floatValid;
    nextFloatNormal = floatValid ? floatSample : 0f;
  }

  /** Formats a double as PyTorch's messages do: {@code -1}, not {@code -1.0}. */
  private static String num(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static void checkRange(String op, float[] out, int off, int n) {
    checkArgument(out != null, "%s: out must not be null", op);
    checkRange(op, out.length, off, n);
  }

  private static void checkRange(String op, int length, int off, int n) {
    if (n < 0 || off < 0 || off > length - n) {
      throw new IllegalArgumentException(op + ": range [" + off + ", " + off + " + " + n
          + ") is outside an array of length " + length);
    }
  }

  @Override
  public synchronized String toString() {
    return "Generator(initialSeed=" + Long.toUnsignedString(engine.seed) + ")";
  }
}
