package dev.jgrad.nn;

/**
 * The reduced QR factorisation A = Q·R of an m×n matrix with m ≥ n by Householder reflections, LAPACK's
 * {@code geqrf} + {@code orgqr} convention (each reflection maps its column onto {@code -sign(a_kk)·‖a_k‖}, so
 * R's diagonal may be negative; a zero column below the diagonal leaves the reflection out). In double precision:
 * for {@link Init#orthogonal_} the factor is rounded to float once at the end.
 */
final class HouseholderQr {
  /** Q, m×n with orthonormal columns, row-major. */
  final double[][] q;
  /** R's diagonal (n values). */
  final double[] rDiagonal;

  /** @param a the m×n matrix (row-major, m ≥ n); not modified */
  HouseholderQr(double[][] a) {
    int m = a.length;
    int n = a[0].length;
    double[][] r = new double[m][];
    for (int i = 0; i < m; i++) {
      r[i] = a[i].clone();
    }
    double[][] v = new double[n][];   // the reflectors, v[k][k] = 1, zero above k
    double[] tau = new double[n];
    rDiagonal = new double[n];
    for (int k = 0; k < n; k++) {
      double alpha = r[k][k];
      double tail = 0;
      for (int i = k + 1; i < m; i++) {
        tail = Math.hypot(tail, r[i][k]);
      }
      double[] vk = new double[m];
      vk[k] = 1;
      if (tail == 0) {
        rDiagonal[k] = alpha;   // geqrf: tau = 0, H = I
        v[k] = vk;
        continue;
      }
      double beta = -Math.copySign(Math.hypot(alpha, tail), alpha);
      tau[k] = (beta - alpha) / beta;
      for (int i = k + 1; i < m; i++) {
        vk[i] = r[i][k] / (alpha - beta);
      }
      v[k] = vk;
      rDiagonal[k] = beta;
      // Apply H = I − tau·v·vᵀ to the remaining columns.
      for (int j = k; j < n; j++) {
        double dot = 0;
        for (int i = k; i < m; i++) {
          dot += vk[i] * r[i][j];
        }
        double s = tau[k] * dot;
        for (int i = k; i < m; i++) {
          r[i][j] -= s * vk[i];
        }
      }
    }
    // orgqr: Q = H_0 · H_1 ··· H_{n-1} applied to the first n columns of the identity, last reflection first.
    q = new double[m][n];
    for (int j = 0; j < n; j++) {
      q[j][j] = 1;
    }
    for (int k = n - 1; k >= 0; k--) {
      if (tau[k] == 0) {
        continue;
      }
      double[] vk = v[k];
      for (int j = 0; j < n; j++) {
        double dot = 0;
        for (int i = k; i < m; i++) {
          dot += vk[i] * q[i][j];
        }
        double s = tau[k] * dot;
        for (int i = k; i < m; i++) {
          q[i][j] -= s * vk[i];
        }
      }
    }
  }
}
