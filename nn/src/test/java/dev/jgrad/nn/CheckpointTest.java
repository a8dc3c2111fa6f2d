package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointTest {
  @Test
  void copiesItsInputsAndKeepsOrder() {
    LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
    t.put("b", Tensor.ones(1));
    t.put("a", Tensor.zeros(1));
    LinkedHashMap<String, String> m = new LinkedHashMap<>();
    m.put("z", "1");
    m.put("y", "2");
    Checkpoint c = new Checkpoint(t, m);
    t.clear();
    m.clear();
    assertEquals(List.of("b", "a"), List.copyOf(c.tensors().keySet()));
    assertEquals(List.of("z", "y"), List.copyOf(c.metadata().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> c.metadata().put("x", "3"));
    assertEquals(Map.of("z", "1", "y", "2"), c.metadata());
  }
}
