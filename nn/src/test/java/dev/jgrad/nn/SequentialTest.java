package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialTest {
  private static final Golden INIT = Golden.of("init.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void seededModelIsTorchsAndTheStreamContinues() {
    Tensor.manualSeed(1);
    Sequential seq = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
    seq.stateDict().forEach((k, v) -> assertExact(k, INIT.tensor("seq_4_16_3." + k), v));
    assertExact("after", INIT.tensor("seq_4_16_3.after"), Tensor.rand(3));
  }

  @Test
  void indexingSizeIterationAndForward() {
    Linear a = new Linear(2, 3);
    ReLU r = new ReLU();
    Sequential seq = new Sequential(List.of(a, r));
    assertEquals(2, seq.size());
    assertSame(a, seq.get(0));
    assertSame(r, seq.get(-1));
    List<Module> seen = new ArrayList<>();
    seq.forEach(seen::add);
    assertEquals(List.of(a, r), seen);
    Tensor x = Tensor.of(new float[] {1, -2, 3, 4}, 2, 2);
    assertExact("forward", a.forward(x).relu(), seq.forward(x));
    seq.add(new Identity());
    assertEquals(3, seq.size());
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> seq.get(5));
    assertContains(e.getMessage(), "index 5 is out of range");
  }

  @Test
  void reprMatchesTorch() {
    assertEquals(REPR.string("repr.sequential"), new Sequential(new Linear(4, 3), new ReLU(), new BatchNorm1d(3),
        new Dropout(), new Linear(3, 2)).toString());
    assertEquals(REPR.string("repr.nested"),
        new Sequential(new Sequential(new Linear(2, 2), new Tanh()), new Identity()).toString());
    assertEquals(REPR.string("repr.empty_sequential"), new Sequential().toString());
  }
}
