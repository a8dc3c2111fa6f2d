package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {
  private static final Golden REPR = Golden.of("repr.txt");

  /** PyTorch's Net from gen_nn_golden.py: fc1, act, fc2, then a buffer, then a parameter. */
  static final class Net extends Module {
    final Linear fc1 = registerModule("fc1", new Linear(4, 16));
    final ReLU act = registerModule("act", new ReLU());
    final Linear fc2 = registerModule("fc2", new Linear(16, 3));
    final Tensor steps = registerBuffer("steps", Tensor.scalar(0f));
    final Parameter scale = registerParameter("scale", new Parameter(Tensor.ones(3)));

    @Override
    public Tensor forward(Tensor x) {
      return fc2.forward(act.forward(fc1.forward(x))).mul(scale);
    }
  }

  private static List<String> jsonList(String key) throws Exception {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) Golden.json(REPR.string(key))) {
      out.add((String) o);
    }
    return out;
  }

  @Test
  void namesFollowTorchsOrder() throws Exception {
    Net net = new Net();
    assertEquals(jsonList("names.net_params"), List.copyOf(net.namedParameters().keySet()));
    assertEquals(jsonList("names.net_state"), List.copyOf(net.stateDict().keySet()));
    Sequential seq = new Sequential(new Linear(4, 3), new ReLU(), new BatchNorm1d(3), new Dropout(), new Linear(3, 2));
    assertEquals(jsonList("names.sequential_state"), List.copyOf(seq.stateDict().keySet()));
    assertEquals(List.of(net.scale, net.fc1.weight(), net.fc1.bias(), net.fc2.weight(), net.fc2.bias()),
        net.parameters());
    assertEquals(List.of(net.fc1, net.act, net.fc2), net.children());
    assertEquals(List.of("", "fc1", "act", "fc2"), List.copyOf(net.namedModules().keySet()));
    assertEquals(List.of("steps"), List.copyOf(net.buffers().keySet()));
    assertEquals(List.of("2.running_mean", "2.running_var", "2.num_batches_tracked"),
        List.copyOf(seq.buffers().keySet()));
  }

  @Test
  void reprMatchesTorch() {
    assertEquals(REPR.string("repr.net"), new Net().toString());
    assertEquals("Module()", new Module() {
      @Override
      public Tensor forward(Tensor x) {
        return x;
      }
    }.toString());
  }

  @Test
  void sharedParametersAreListedOnceButSavedUnderEveryName() {
    Linear shared = new Linear(2, 2);
    Sequential seq = new Sequential(shared, shared);
    assertEquals(2, seq.parameters().size());
    assertEquals(List.of("0.weight", "0.bias"), List.copyOf(seq.namedParameters().keySet()));
    assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), List.copyOf(seq.stateDict().keySet()));
    assertEquals(1, seq.children().size());
  }

  @Test
  void registrationRejectsBadNames() {
    class Bad extends Module {
      void param(String name) {
        registerParameter(name, new Parameter(Tensor.zeros(1)));
      }

      void module(String name) {
        registerModule(name, new ReLU());
      }

      @Override
      public Tensor forward(Tensor x) {
        return x;
      }
    }
    Bad b = new Bad();
    assertContains(assertThrows(IllegalArgumentException.class, () -> b.param("a.b")).getMessage(),
        "registerParameter:", "can't contain \".\"", "a.b");
    assertContains(assertThrows(IllegalArgumentException.class, () -> b.param("")).getMessage(),
        "can't be empty string");
    b.module("act");
    assertContains(assertThrows(IllegalArgumentException.class, () -> b.param("act")).getMessage(),
        "attribute 'act' already exists in Bad");
    b.param("w");
    b.param("w"); // replacing a parameter by a parameter is allowed, as in PyTorch
    assertEquals(1, b.parameters().size());
  }

  @Test
  void stateDictIsDetachedAndSharesStorage() {
    Linear fc = new Linear(2, 2);
    Map<String, Tensor> sd = fc.stateDict();
    assertFalse(sd.get("weight").requiresGrad());
    assertFalse(sd.get("weight") instanceof Parameter);
    try (Autograd.Scope s = Autograd.noGrad()) {
      fc.weight().fill_(3);
    }
    assertEquals(3f, sd.get("weight").get(0, 0)); // PyTorch's state_dict aliases the parameters too
  }

  @Test
  void loadStateDictRoundTripsAndCopiesInPlace() {
    Tensor.manualSeed(1);
    Net a = new Net();
    Tensor.manualSeed(2);
    Net b = new Net();
    Parameter w = b.fc1.weight();
    IncompatibleKeys keys = b.loadStateDict(a.stateDict(), true);
    assertTrue(keys.isEmpty());
    assertEquals("<All keys matched successfully>", keys.toString());
    assertSame(w, b.fc1.weight());
    for (Map.Entry<String, Tensor> e : a.stateDict().entrySet()) {
      assertArrayEquals(e.getValue().toArray(), b.stateDict().get(e.getKey()).toArray(), e.getKey());
    }
    assertTrue(w.requiresGrad());
    assertNull(w.gradFn());
  }

  @Test
  void loadStateDictReportsMissingUnexpectedAndSizeMismatchesLikeTorch() {
    Net net = new Net();
    Map<String, Tensor> sd = new LinkedHashMap<>(new Net().stateDict());
    sd.remove("fc2.bias");
    sd.put("extra.weight", Tensor.zeros(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(sd, true));
    assertEquals("loadStateDict: Error(s) in loading state_dict for Net:\n"
        + "\tMissing key(s) in state_dict: \"fc2.bias\".\n"
        + "\tUnexpected key(s) in state_dict: \"extra.weight\".", e.getMessage());

    IncompatibleKeys keys = net.loadStateDict(sd, false);
    assertEquals(List.of("fc2.bias"), keys.missingKeys());
    assertEquals(List.of("extra.weight"), keys.unexpectedKeys());
    assertEquals("_IncompatibleKeys(missing_keys=['fc2.bias'], unexpected_keys=['extra.weight'])", keys.toString());

    Map<String, Tensor> wrong = new LinkedHashMap<>(new Net().stateDict());
    wrong.put("fc1.weight", Tensor.zeros(5, 5));
    IllegalArgumentException e2 =
        assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(wrong, false));
    assertContains(e2.getMessage(), "size mismatch for fc1.weight: copying a param with shape [5, 5] from "
        + "checkpoint, the shape in current model is [16, 4].");
  }

  @Test
  void aFailedLoadLeavesTheModuleUnchanged() {
    Tensor.manualSeed(3);
    Net net = new Net();
    Map<String, Tensor> before = new LinkedHashMap<>();
    net.stateDict().forEach((k, v) -> before.put(k, v.clone()));
    Map<String, Tensor> other = new LinkedHashMap<>();
    new Net().stateDict().forEach((k, v) -> other.put(k, v.add(1)));
    other.put("fc2.weight", Tensor.zeros(1, 1)); // the bad entry comes after good ones
    assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(other, true));
    other.remove("fc2.weight");
    assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(other, true)); // missing key
    net.stateDict().forEach((k, v) -> assertArrayEquals(before.get(k).toArray(), v.toArray(), k));
  }

  @Test
  void loadConvertsDtypesOfBuffers() {
    BatchNorm1d bn = new BatchNorm1d(2);
    Map<String, Tensor> sd = new LinkedHashMap<>(bn.stateDict());
    sd.put("num_batches_tracked", Tensor.scalar(7f)); // float32 in the state, int64 in the module
    bn.loadStateDict(sd, true);
    assertEquals(DType.INT64, bn.numBatchesTracked().dtype());
    assertEquals(7f, bn.numBatchesTracked().item());
  }

  @Test
  void trainEvalAreRecursiveAndReturnThis() {
    Sequential seq = new Sequential(new Linear(2, 2), new Sequential(new Dropout()));
    assertTrue(seq.isTraining());
    assertSame(seq, seq.eval());
    for (Module m : seq.modules()) {
      assertFalse(m.isTraining());
    }
    assertSame(seq, seq.train());
    for (Module m : seq.modules()) {
      assertTrue(m.isTraining());
    }
  }

  @Test
  void zeroGradSetsToNoneByDefaultOrZeroes() {
    Linear fc = new Linear(3, 2);
    fc.forward(Tensor.ones(1, 3)).sum().backward();
    assertNotNull(fc.weight().grad());
    fc.zeroGrad(false);
    assertArrayEquals(new float[6], fc.weight().grad().toArray());
    fc.zeroGrad();
    assertNull(fc.weight().grad());
    assertNull(fc.bias().grad());
  }

  @Test
  void requiresGradFalseFreezes() {
    Sequential seq = new Sequential(new Linear(2, 2), new Linear(2, 1));
    assertSame(seq, seq.requiresGrad_(false));
    for (Parameter p : seq.parameters()) {
      assertFalse(p.requiresGrad());
    }
    assertFalse(seq.forward(Tensor.ones(1, 2)).requiresGrad());
    seq.requiresGrad_(true);
    assertTrue(seq.forward(Tensor.ones(1, 2)).requiresGrad());
  }

  @Test
  void applyVisitsChildrenFirst() {
    Sequential seq = new Sequential(new Linear(2, 2), new ReLU());
    List<String> seen = new ArrayList<>();
    seq.apply(m -> seen.add(m.getClass().getSimpleName()));
    assertEquals(List.of("Linear", "ReLU", "Sequential"), seen);
  }

  @Test
  void nonPersistentBuffersAreNotSaved() {
    class WithCache extends Module {
      WithCache() {
        registerBuffer("cache", Tensor.zeros(2), false);
        registerBuffer("kept", Tensor.zeros(2));
      }

      @Override
      public Tensor forward(Tensor x) {
        return x;
      }
    }
    WithCache m = new WithCache();
    assertEquals(List.of("kept"), List.copyOf(m.stateDict().keySet()));
    assertEquals(List.of("cache", "kept"), List.copyOf(m.buffers().keySet()));
  }
}
