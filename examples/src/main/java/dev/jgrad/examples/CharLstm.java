package dev.jgrad.examples;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Embedding;
import dev.jgrad.nn.LSTM;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;

/**
 * A character-level LSTM language model: embedding → LSTM (batch first) → a linear layer over the alphabet.
 * {@code forward} maps ids {@code [batch, time]} to logits {@code [batch, time, vocabulary]}; {@link #step} carries
 * the recurrent state from one call to the next, which makes sampling one character at a time cheap.
 */
public final class CharLstm extends Module {
  private final Embedding embedding;
  private final LSTM lstm;
  private final Linear head;

  /** The recurrent state between calls of {@link #step}; null before the first. */
  public record State(Tensor h, Tensor c) {}

  /** The logits of the last call of {@link #step} and the state after it. */
  public record Step(Tensor logits, State state) {}

  public CharLstm(int vocabulary, int embeddingDim, int hidden, int layers, double dropout) {
    this.embedding = registerModule("embedding", new Embedding(vocabulary, embeddingDim));
    this.lstm = registerModule("lstm",
        new LSTM(embeddingDim, hidden, layers, true, true, layers > 1 ? dropout : 0.0, false, 0));
    this.head = registerModule("head", new Linear(hidden, vocabulary));
  }

  @Override
  public Tensor forward(Tensor ids) {
    return head.call(lstm.call(embedding.call(ids)));
  }

  /** Runs {@code ids} ({@code [batch, time]}) from {@code state} (null: zeros). */
  public Step step(Tensor ids, State state) {
    LSTM.Output out = lstm.forward(embedding.call(ids), state == null ? null : state.h(),
        state == null ? null : state.c());
    return new Step(head.call(out.output()), new State(out.hN(), out.cN()));
  }
}
