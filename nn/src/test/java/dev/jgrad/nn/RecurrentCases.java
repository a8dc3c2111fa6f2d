package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertClose;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jgrad.autograd.ops.Recurrent;
import dev.jgrad.autograd.Tensor;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the cases of tools/gen_rnn_golden.py: builds the module from the case's seed (checking every parameter bit for
 * bit against PyTorch's initialisation), runs it on the fixture's input and states, and compares outputs, final
 * states and the gradients of input, states and every parameter. Test support, not a test.
 */
final class RecurrentCases {
  private static final double RTOL = 1e-4;
  private static final double ATOL = 2e-6;

  private RecurrentCases() {}

  static void checkLayer(String file, String name, long seed, Supplier<? extends RNNBase> make) {
    Golden fx = Golden.of(file);
    Tensor.manualSeed(seed);
    RNNBase m = make.get();
    checkInit(fx, name, m);
    // Training mode only for the dropout cases, which reseed right before the forward pass as the script does.
    boolean dropout = fx.has(name + ".dropout_seed");
    m.train(dropout);
    Tensor x = fx.tensor(name + ".x").requiresGrad_(true);
    Tensor h0 = req(fx.optional(name, "h0"));
    Tensor c0 = req(fx.optional(name, "c0"));
    Recurrent.Result r;
    Tensor out;
    PackedSequence packed = null;
    if (fx.has(name + ".lengths")) {
      int[] lengths = ints(fx.tensor(name + ".lengths"));
      boolean sorted = !fx.has(name + ".sorted_indices");
      packed = RnnUtils.packPaddedSequence(x, lengths, m.batchFirst(), sorted);
      assertExact(name + ".batch_sizes", fx.tensor(name + ".batch_sizes"), packed.batchSizes());
      if (!sorted) {
        assertExact(name + ".sorted_indices", fx.tensor(name + ".sorted_indices"), packed.sortedIndices());
        assertExact(name + ".unsorted_indices", fx.tensor(name + ".unsorted_indices"), packed.unsortedIndices());
      }
      assertClose(name + ".packed_x", fx.tensor(name + ".packed_x"), packed.data(), 0, 0);
      r = m.runPacked(packed, h0, c0);
      out = r.output();
    } else {
      if (dropout) {
        Tensor.manualSeed((long) fx.number(name + ".dropout_seed"));
      }
      r = m.runDense(x, h0, c0);
      out = r.output();
    }
    assertNotNull(out.gradFn(), name + ": output.grad_fn");
    assertClose(name + ".output", fx.tensor(name + ".output"), out, RTOL, ATOL);
    assertClose(name + ".hN", fx.tensor(name + ".hN"), r.hN(), RTOL, ATOL);
    Tensor loss = out.mul(fx.tensor(name + ".go")).sum().add(r.hN().mul(fx.tensor(name + ".gh")).sum());
    if (fx.has(name + ".cN")) {
      assertClose(name + ".cN", fx.tensor(name + ".cN"), r.cN(), RTOL, ATOL);
      loss = loss.add(r.cN().mul(fx.tensor(name + ".gc")).sum());
    }
    if (packed != null) {
      RnnUtils.Padded p = RnnUtils.padPackedSequence(packed.withData(out), m.batchFirst(), -1.5,
          x.size(m.batchFirst() ? 1 : 0));
      assertClose(name + ".padded", fx.tensor(name + ".padded"), p.padded(), RTOL, ATOL);
      assertExact(name + ".padded_lengths", fx.tensor(name + ".padded_lengths"), p.lengths());
    }
    loss.backward();
    checkGrads(fx, name, m, x, h0, c0);
  }

  static void checkCell(String file, String name, long seed, Supplier<? extends RNNCellBase> make) {
    Golden fx = Golden.of(file);
    Tensor.manualSeed(seed);
    RNNCellBase m = make.get();
    checkInit(fx, name, m);
    Tensor x = fx.tensor(name + ".x").requiresGrad_(true);
    Tensor h0 = req(fx.optional(name, "h0"));
    Tensor c0 = req(fx.optional(name, "c0"));
    Recurrent.Result r = m.step(x, h0, c0);
    assertClose(name + ".hN", fx.tensor(name + ".hN"), r.hN(), RTOL, ATOL);
    Tensor loss = r.hN().mul(fx.tensor(name + ".gh")).sum();
    if (fx.has(name + ".cN")) {
      assertClose(name + ".cN", fx.tensor(name + ".cN"), r.cN(), RTOL, ATOL);
      loss = loss.add(r.cN().mul(fx.tensor(name + ".gc")).sum());
    }
    loss.backward();
    checkGrads(fx, name, m, x, h0, c0);
  }

  private static void checkInit(Golden fx, String name, Module m) {
    Map<String, Parameter> params = m.namedParameters();
    int expected = 0;
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      assertExact(name + ".param." + e.getKey(), fx.tensor(name + ".param." + e.getKey()), e.getValue());
      expected++;
    }
    assertEquals(expected, params.size());
    assertEquals(fx.string(name + ".repr"), m.toString(), name + ".repr");
  }

  private static void checkGrads(Golden fx, String name, Module m, Tensor x, Tensor h0, Tensor c0) {
    assertClose(name + ".grad.x", fx.tensor(name + ".grad.x"), x.grad(), RTOL, ATOL);
    if (h0 != null) {
      assertClose(name + ".grad.h0", fx.tensor(name + ".grad.h0"), h0.grad(), RTOL, ATOL);
    }
    if (c0 != null) {
      assertClose(name + ".grad.c0", fx.tensor(name + ".grad.c0"), c0.grad(), RTOL, ATOL);
    }
    m.namedParameters().forEach((k, p) ->
        assertClose(name + ".grad." + k, fx.tensor(name + ".grad." + k), p.grad(), RTOL, ATOL));
  }

  private static Tensor req(Tensor t) {
    return t == null ? null : t.requiresGrad_(true);
  }

  static int[] ints(Tensor t) {
    float[] v = t.toArray();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (int) v[i];
    }
    assertArrayEquals(new int[] {v.length}, t.shape());
    return out;
  }
}
