package dev.jgrad.nn;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;

/**
 * Inverted dropout, PyTorch's {@code nn.Dropout}: in training mode each element is zeroed with probability p and the
 * rest are scaled by 1/(1−p) (so with p = 0.5 the values are 0 or 2x); in eval mode it is the identity. The mask is
 * drawn from the global generator exactly as PyTorch draws it, so a seeded run drops the same elements. In
 * data-parallel training the masks come from a per-row stream instead (see {@link Functional#dropout(Tensor, double,
 * boolean, Generator)}), the same for every replica count.
 *
 * <pre>{@code
 * Dropout drop = new Dropout(0.5);
 * drop.forward(x);          // training: about half the elements zeroed
 * drop.eval().forward(x);   // x unchanged
 * }</pre>
 */
public class Dropout extends Module {
  private final double p;
  private final Generator generator;

  public Dropout() {
    this(0.5);
  }

  /** @throws IllegalArgumentException if {@code p} is outside [0, 1] */
  public Dropout(double p) {
    this(p, null);
  }

  /**
   * Dropout drawing its masks from {@code generator} (null: the global one).
   *
   * @throws IllegalArgumentException if {@code p} is outside [0, 1]
   */
  public Dropout(double p, Generator generator) {
    Functional.checkDropoutProbability(typeName(), p);
    this.p = p;
    this.generator = generator;
  }

  public double p() {
    return p;
  }

  /** The generator masks are drawn from: the one given, or the global one. */
  Generator generator() {
    return generator == null ? Generator.global() : generator;
  }

  @Override
  public Tensor forward(Tensor input) {
    if (generator == null) {
      return Functional.dropout(input, p, isTraining());   // not generator(): a data-parallel replica draws per row
    }
    return Functional.dropout(input, p, isTraining(), generator);
  }

  @Override
  protected String extraRepr() {
    return "p=" + PyRepr.of(p) + ", inplace=False";
  }

  @Override
  protected Module blankCopy() {
    return new Dropout(p, generator);
  }
}
