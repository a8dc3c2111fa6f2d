package dev.jgrad.autograd.kernels;

/** What an elementwise op's backward node keeps from the forward for its derivative rule. */
public enum Saved {
  /** Nothing: the rule needs only the incoming gradient (add, neg, floor, ...). */
  NOTHING,
  /** The input (log, sin, ...); for a binary op both inputs. */
  INPUT,
  /** The output, when the rule is cheaper from it (exp, tanh, sigmoid, ...). */
  OUTPUT,
  /** Each input only when the other input needs a gradient (mul: d(ab)/da = b). */
  OTHER_INPUT,
  /** Both inputs and the output (pow: d(a^b)/db = a^b log a). */
  INPUT_AND_OUTPUT
}
