package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import dev.jgrad.autograd.ObservingHook;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The stale-gradient check on its own: its parameters are mocks whose gradient each test sets, and the backward
 * passes are calls of the hook it registered, so the counting, the once-only warning and the listener calls are
 * tested without running autograd.
 */
class StaleGradientCheckTest {
  private static final Tensor NONZERO = Tensor.of(1f, 2f);

  private final StaleGradientCheck check = new StaleGradientCheck("Adam");
  private Tensor weight;
  private Tensor bias;
  private UnaryOperator<Tensor> weightHook;
  private UnaryOperator<Tensor> biasHook;
  @SuppressWarnings("unchecked")
  private final Consumer<StaleGradientWarning> listener = mock(Consumer.class);

  @BeforeEach
  void trackTwoParameters() {
    weight = mock(Tensor.class);
    bias = mock(Tensor.class);
    weightHook = track(weight);
    biasHook = track(bias);
    check.addListener(listener);
  }

  @SuppressWarnings("unchecked")
  private UnaryOperator<Tensor> track(Tensor p) {
    when(p.requiresGrad()).thenReturn(true);
    check.track(p);
    ArgumentCaptor<UnaryOperator<Tensor>> hook = ArgumentCaptor.forClass(UnaryOperator.class);
    verify(p).registerHook(hook.capture());
    assertInstanceOf(ObservingHook.class, hook.getValue(), "an observing hook, so the engine may hand over its grad");
    return hook.getValue();
  }

  /** One backward pass reaching {@code p}: the engine has accumulated into its grad, then calls the hook. */
  private static void backward(Tensor p, UnaryOperator<Tensor> hook) {
    when(p.grad()).thenReturn(NONZERO);
    assertNull(hook.apply(NONZERO), "observe only: the gradient passes through unchanged");
  }

  @Test
  void countsBackwardPassesPerParameterUntilReset() {
    backward(weight, weightHook);
    backward(weight, weightHook);
    backward(bias, biasHook);
    assertEquals(2, check.backwardPasses(0));
    assertEquals(1, check.backwardPasses(1));
    check.reset();
    assertEquals(0, check.backwardPasses(0));
    assertEquals(0, check.backwardPasses(1));
    assertThrows(IndexOutOfBoundsException.class, () -> check.backwardPasses(2));
  }

  @Test
  void aGradientClearedElsewhereRestartsTheCount() {
    backward(weight, weightHook);
    backward(weight, weightHook);
    when(weight.grad()).thenReturn(null);               // set to None by someone else, then a new pass arrives
    weightHook.apply(NONZERO);
    assertEquals(1, check.backwardPasses(0));
    backward(weight, weightHook);
    when(weight.grad()).thenReturn(Tensor.zeros(2));    // zeroed in place
    weightHook.apply(NONZERO);
    assertEquals(1, check.backwardPasses(0));
  }

  @Test
  void warnsTheListenersOnceNamingTheFirstStaleParameter() {
    check.setNames(List.of("fc.weight", "fc.bias"));
    check.enable(1);
    for (int i = 0; i < 3; i++) {
      backward(weight, weightHook);
      backward(bias, biasHook);
    }
    check.beforeStep(4);
    check.beforeStep(5);
    verify(listener).accept(new StaleGradientWarning("Adam", 0, "fc.weight", 3, 1, 4, 2));
    check.enable(1);                                    // re-armed
    check.beforeStep(6);
    verify(listener).accept(new StaleGradientWarning("Adam", 0, "fc.weight", 3, 1, 6, 2));
    verifyNoMoreInteractions(listener);
  }

  @Test
  void parametersWithoutGradientOrWithinTheLimitAreNotStale() {
    check.enable(2);
    backward(weight, weightHook);
    backward(weight, weightHook);
    backward(bias, biasHook);
    backward(bias, biasHook);
    backward(bias, biasHook);
    when(bias.grad()).thenReturn(null);                 // its accumulated gradient was dropped: nothing to apply
    check.beforeStep(1);
    verifyNoInteractions(listener);
    when(bias.grad()).thenReturn(NONZERO);
    check.beforeStep(2);
    verify(listener).accept(new StaleGradientWarning("Adam", 1, "param 1", 3, 2, 2, 1));
  }

  @Test
  void offUntilEnabledAndAfterDisabledAndRemovedListenersAreNotCalled() {
    for (int i = 0; i < 3; i++) {
      backward(weight, weightHook);
    }
    check.beforeStep(1);
    check.enable(1);
    check.disable();
    check.beforeStep(2);
    verify(listener, never()).accept(any());
    check.removeListener(listener);
    check.enable(1);
    check.beforeStep(3);
    verifyNoInteractions(listener);
  }

  @Test
  void aFrozenParameterTakesNoHookAndCountsZero() {
    Tensor frozen = mock(Tensor.class);               // requiresGrad() answers false
    check.track(frozen);
    verify(frozen, never()).registerHook(any());
    assertEquals(0, check.backwardPasses(2));
  }

  @Test
  void badSettingsAreRefusedNamingTheOptimizer() {
    IllegalArgumentException steps = assertThrows(IllegalArgumentException.class, () -> check.enable(0));
    assertEquals("Adam.enableStaleGradientCheck: accumulationSteps must be at least 1, got 0", steps.getMessage());
    IllegalArgumentException names = assertThrows(IllegalArgumentException.class,
        () -> check.setNames(List.of("only one")));
    assertEquals("Adam.setParameterNames: expected 2 names (one per parameter), got 1", names.getMessage());
    assertEquals("param 1", check.name(1));
    assertThrows(IndexOutOfBoundsException.class, () -> check.name(2));
    assertThrows(NullPointerException.class, () -> check.addListener(null));
  }
}
