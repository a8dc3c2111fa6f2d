package dev.jgrad.spark;

import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Parameter;
import dev.jgrad.optim.Optimizer;
import java.io.Serializable;
import java.util.List;

/**
 * What every task of a run needs besides its step's inputs: how to build the model, the loss and (for local SGD)
 * the optimizer, how targets are shaped, and the seed of random layers.
 *
 * @param runId names the run's models in each executor's {@link ExecutorModels}
 */
record RunSpec(String runId, SerializableSupplier<? extends Module> model, SerializableSupplier<? extends Loss> loss,
    SerializableFunction<List<Parameter>, ? extends Optimizer> optimizer, Targets targets, long seed)
    implements Serializable {}
