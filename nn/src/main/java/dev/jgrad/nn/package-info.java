/**
 * Neural-network building blocks on top of {@code dev.jgrad.autograd}, PyTorch's {@code torch.nn}.
 *
 * <ul>
 *   <li>{@link dev.jgrad.nn.Module} and {@link dev.jgrad.nn.Parameter}: explicit registration, dotted names, state
 *       dicts, train/eval, PyTorch's repr.
 *   <li>Layers ({@link dev.jgrad.nn.Linear}, {@link dev.jgrad.nn.Conv2d}, {@link dev.jgrad.nn.BatchNorm1d}, ...),
 *       each also available as a function in {@link dev.jgrad.nn.Functional}, initialised exactly as PyTorch does
 *       from the same random stream ({@link dev.jgrad.nn.Init}).
 *   <li>{@link dev.jgrad.nn.Parametrizations}: weights computed from other parameters (weight and spectral
 *       normalisation); {@link dev.jgrad.nn.ParameterVectors}: all parameters as one vector.
 *   <li>Losses ({@link dev.jgrad.nn.CrossEntropyLoss}, {@link dev.jgrad.nn.MSELoss}, ...) with
 *       {@link dev.jgrad.nn.Reduction}; those of three or four tensors ({@link dev.jgrad.nn.TripletMarginLoss},
 *       {@link dev.jgrad.nn.CTCLoss}, ...) have a {@code forward} of that many arguments.
 *   <li>{@link dev.jgrad.nn.Checkpoints}: safetensors files that PyTorch users can read, written atomically.
 * </ul>
 *
 * <pre>{@code
 * Tensor.manualSeed(0);
 * Sequential model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
 * Tensor loss = new CrossEntropyLoss().forward(model.forward(x), labels);
 * loss.backward();
 * Checkpoints.save(Path.of("model.safetensors"), model);
 * }</pre>
 */
package dev.jgrad.nn;
