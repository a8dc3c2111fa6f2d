package dev.jgrad.autograd;

import java.util.function.UnaryOperator;

/**
 * A tensor hook ({@link Tensor#registerHook}) that only looks at the gradient: it returns null (or the gradient it
 * was given) and keeps no reference to it after returning.
 *
 * <p>Why it matters: the first gradient that reaches a leaf becomes its {@code .grad}. When the engine computed that
 * gradient itself and nothing else can hold it, it is used as it is (PyTorch "steals" it when its use count says so);
 * otherwise it is copied, so that later accumulation into {@code .grad} cannot change a tensor someone else holds. A
 * plain hook might have kept the gradient, so a leaf with one gets the copy; a leaf whose hooks are all
 * {@code ObservingHook}s does not. Bookkeeping hooks such as an optimizer's backward counter implement this.
 *
 * <pre>{@code
 * ObservingHook countPasses = g -> { passes++; return null; };
 * weight.registerHook(countPasses);
 * }</pre>
 */
@FunctionalInterface
public interface ObservingHook extends UnaryOperator<Tensor> {}
