package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncompatibleKeysTest {
  @Test
  void printsLikeTorchAndCopiesItsLists() {
    List<String> missing = new ArrayList<>(List.of("fc.bias"));
    IncompatibleKeys k = new IncompatibleKeys(missing, List.of());
    missing.clear();
    assertEquals(List.of("fc.bias"), k.missingKeys());
    assertFalse(k.isEmpty());
    assertEquals("_IncompatibleKeys(missing_keys=['fc.bias'], unexpected_keys=[])", k.toString());
    assertTrue(new IncompatibleKeys(List.of(), List.of()).isEmpty());
    assertEquals("<All keys matched successfully>", new IncompatibleKeys(List.of(), List.of()).toString());
  }
}
