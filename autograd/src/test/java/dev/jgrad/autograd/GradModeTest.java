package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Grad mode (docs/SEMANTICS.md, "Grad mode and anomaly detection"): scopes restore the previous state, lambda forms, plain
 * {@code setGradEnabled} calls, and thread-locality (a thread started inside noGrad starts enabled).
 */
class GradModeTest {

  @AfterEach
  void gradModeIsOnAgain() {
    assertTrue(Autograd.isGradEnabled(), "a test left grad mode off");
  }

  @Test
  void noGradScopeStopsRecordingAndRestores() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    try (var g = Autograd.noGrad()) {
      assertFalse(Autograd.isGradEnabled());
      Tensor y = x.mul(2);
      assertFalse(y.requiresGrad());
      assertNull(y.gradFn());
      assertTrue(y.isLeaf());
    }
    assertTrue(Autograd.isGradEnabled());
    assertTrue(x.mul(2).requiresGrad());
  }

  @Test
  void enableGradInsideNoGradAndNesting() {
    try (var a = Autograd.noGrad()) {
      try (var b = Autograd.enableGrad()) {
        assertTrue(Autograd.isGradEnabled());
        try (var c = Autograd.noGrad()) {
          assertFalse(Autograd.isGradEnabled());
        }
        assertTrue(Autograd.isGradEnabled());
      }
      assertFalse(Autograd.isGradEnabled());
    }
  }

  @Test
  void scopesRestoreThePreviousStateNotTrue() {
    Autograd.setGradEnabled(false);
    try {
      try (var s = Autograd.enableGrad()) {
        assertTrue(Autograd.isGradEnabled());
      }
      assertFalse(Autograd.isGradEnabled(), "enableGrad restores the disabled state it found");
    } finally {
      Autograd.setGradEnabled(true);
    }
  }

  @Test
  void setGradEnabledAsAPlainCall() {
    Autograd.setGradEnabled(false);
    assertFalse(Autograd.isGradEnabled());
    Tensor x = Tensor.of(1f).requiresGrad_(true);
    assertFalse(x.exp().requiresGrad());
    Autograd.setGradEnabled(true);
    assertTrue(x.exp().requiresGrad());
  }

  @Test
  void setGradEnabledAsAScope() {
    try (var s = Autograd.setGradEnabled(false)) {
      assertFalse(Autograd.isGradEnabled());
    }
    assertTrue(Autograd.isGradEnabled());
  }

  @Test
  void closingAScopeTwiceIsHarmless() {
    Autograd.Scope s = Autograd.noGrad();
    s.close();
    try (var t = Autograd.noGrad()) {
      s.close();
      assertFalse(Autograd.isGradEnabled(), "the second close must not restore anything");
    }
  }

  @Test
  void lambdaFormsReturnAndRestoreEvenOnException() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor y = Autograd.noGrad(() -> x.mul(3));
    assertFalse(y.requiresGrad());
    assertTrue(Autograd.isGradEnabled());
    boolean[] inside = new boolean[1];
    Autograd.noGrad(() -> {
      inside[0] = Autograd.isGradEnabled();
    });
    assertFalse(inside[0]);
    assertThrows(IllegalStateException.class, () -> Autograd.noGrad(() -> {
      throw new IllegalStateException("boom");
    }));
    assertTrue(Autograd.isGradEnabled(), "restored after an exception");
    try (var g = Autograd.noGrad()) {
      Tensor z = Autograd.enableGrad(() -> x.mul(3));
      assertTrue(z.requiresGrad());
      Autograd.enableGrad(() -> {
        inside[0] = Autograd.isGradEnabled();
      });
      assertTrue(inside[0]);
      assertFalse(Autograd.isGradEnabled());
    }
  }

  @Test
  void gradModeIsThreadLocal() throws Exception {
    AtomicBoolean seenInThread = new AtomicBoolean(false);
    AtomicBoolean recordedInThread = new AtomicBoolean(false);
    Tensor x = Tensor.of(1f).requiresGrad_(true);
    try (var g = Autograd.noGrad()) {
      Thread t = new Thread(() -> {
        seenInThread.set(Autograd.isGradEnabled());
        recordedInThread.set(x.mul(2).requiresGrad());
      });
      t.start();
      t.join();
      assertFalse(Autograd.isGradEnabled(), "the other thread did not change this one");
    }
    assertTrue(seenInThread.get(), "a new thread starts with grad enabled");
    assertTrue(recordedInThread.get());

    AtomicBoolean afterOtherThreadDisabled = new AtomicBoolean(false);
    Thread t2 = new Thread(() -> Autograd.setGradEnabled(false));
    t2.start();
    t2.join();
    afterOtherThreadDisabled.set(Autograd.isGradEnabled());
    assertTrue(afterOtherThreadDisabled.get(), "disabling in another thread does not affect this one");
  }

  @Test
  void factoriesCanMakeLeavesThatRequireGradInsideNoGrad() {
    try (var g = Autograd.noGrad()) {
      Tensor w = Tensor.zeros(2).requiresGrad_(true);
      assertTrue(w.requiresGrad());
      assertTrue(w.isLeaf());
    }
  }

  @Test
  void inPlaceUpdatesOfLeavesAreAllowedInsideNoGrad() {
    Tensor w = Tensor.of(1f, 2f).requiresGrad_(true);
    w.mul(w).sum().backward();
    try (var g = Autograd.noGrad()) {
      w.sub_(w.grad().mul(0.5));
    }
    assertEquals(0f, w.toArray()[0]);
    assertEquals(0f, w.toArray()[1]);
    assertTrue(w.isLeaf(), "still a leaf after the update");
    assertNull(w.gradFn());
    assertTrue(w.requiresGrad());
  }
}
