package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Module.call with forward pre-hooks and hooks, PyTorch's register_forward_pre_hook / register_forward_hook. */
class ForwardHooksTest {

  @Test
  void hooksSeeInputAndOutputInOrderAndCanReplaceThem() {
    Tensor.manualSeed(0);
    Linear fc = new Linear(2, 2);
    List<String> order = new ArrayList<>();
    fc.registerForwardPreHook((m, in) -> {
      assertSame(fc, m);
      order.add("pre1");
      return in.mul(2);                       // replaces the input
    });
    fc.registerForwardPreHook((m, in) -> {
      order.add("pre2");
      return null;                            // keeps it
    });
    Tensor[] seen = new Tensor[2];
    fc.registerForwardHook((m, in, out) -> {
      order.add("hook");
      seen[0] = in;
      seen[1] = out;
      return out.add(1);                      // replaces the output
    });
    Tensor x = Tensor.of(new float[] {1, -1, 0.5f, 2}, 2, 2);
    Tensor y = fc.call(x);
    assertEquals(List.of("pre1", "pre2", "hook"), order);
    assertArrayEquals(x.mul(2).toArray(), seen[0].toArray());
    assertArrayEquals(fc.forward(x.mul(2)).toArray(), seen[1].toArray());
    assertArrayEquals(fc.forward(x.mul(2)).add(1).toArray(), y.toArray());
  }

  @Test
  void forwardItselfSkipsTheHooksAndHandlesRemoveThem() {
    ReLU relu = new ReLU();
    int[] calls = {0};
    Tensor.HookHandle h = relu.registerForwardHook((m, in, out) -> {
      calls[0]++;
      return null;
    });
    relu.forward(Tensor.ones(2));
    assertEquals(0, calls[0]);
    relu.call(Tensor.ones(2));
    assertEquals(1, calls[0]);
    h.remove();
    relu.call(Tensor.ones(2));
    assertEquals(1, calls[0]);
  }

  @Test
  void sequentialRunsItsChildrensHooksForFeatureExtraction() {
    Tensor.manualSeed(0);
    Sequential model = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
    List<Tensor> features = new ArrayList<>();
    model.get(1).registerForwardHook((m, in, out) -> {
      features.add(out.detach());
      return null;
    });
    Tensor x = Tensor.of(new float[] {1, 2, 3, -1, 0, 1}, 2, 3);
    Tensor y = model.forward(x);
    assertEquals(1, features.size());
    assertArrayEquals(model.get(0).forward(x).relu().toArray(), features.get(0).toArray());
    assertArrayEquals(model.get(2).forward(features.get(0)).toArray(), y.toArray());
  }
}
