package dev.jgrad.autograd;

/** TEMPORARY placeholder (replaced by the PyTorch-exact generator). */
public final class Generator {
  private static final Generator GLOBAL = new Generator(67280421310721L);
  private java.util.Random r;

  public Generator(long seed) {
    r = new java.util.Random(seed);
  }

  public static Generator global() {
    return GLOBAL;
  }

  public synchronized Generator manualSeed(long seed) {
    r = new java.util.Random(seed);
    return this;
  }

  public synchronized void normal(float[] out, int off, int n, double mean, double std) {
    for (int i = 0; i < n; i++) out[off + i] = (float) (mean + std * r.nextGaussian());
  }

  public synchronized void uniform(float[] out, int off, int n, double from, double to) {
    for (int i = 0; i < n; i++) out[off + i] = (float) (from + (to - from) * r.nextDouble());
  }

  public synchronized void randint(float[] out, int off, int n, long low, long high) {
    for (int i = 0; i < n; i++) out[off + i] = low + (long) (r.nextDouble() * (high - low));
  }

  public synchronized int[] randperm(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) { int j = r.nextInt(i + 1); int t = p[i]; p[i] = p[j]; p[j] = t; }
    return p;
  }

  public synchronized void bernoulli(float[] out, int off, int n, double p) {
    for (int i = 0; i < n; i++) out[off + i] = r.nextDouble() < p ? 1f : 0f;
  }
}
