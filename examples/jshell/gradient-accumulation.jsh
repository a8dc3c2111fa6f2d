// The gradient-accumulation pitfall and its fix, in a few lines (`./jgrad demo` is the full version).
// Run it with:  ./jgrad shell examples/jshell/gradient-accumulation.jsh
// The model w * x is fitted to y = 2x by SGD. The loss is 7.5 (w - 2)^2, its gradient 15 (w - 2).
Tensor xs = Tensor.of(1f, 2f, 3f, 4f);
Tensor ys = xs.mul(2);

// Pitfall: zeroGrad() forgotten. backward() adds to .grad, so each step also repeats every earlier step's
// gradient: w overshoots 2 and swings around it.
Tensor w = Tensor.zeros(1).requiresGrad_(true);
Optimizer opt = new SGD(List.of(w), 0.05);
for (int step = 1; step <= 4; step++) {
  w.mul(xs).sub(ys).pow(2).mean().backward();
  opt.step();
  System.out.printf("pitfall step %d: grad %8.4f  w %.4f%n", step, w.grad().item(), w.item());
}

// Fix: zeroGrad() before each backward(). w closes in on 2 (each step removes 3/4 of the error).
w = Tensor.zeros(1).requiresGrad_(true);
opt = new SGD(List.of(w), 0.05);
for (int step = 1; step <= 4; step++) {
  opt.zeroGrad();
  w.mul(xs).sub(ys).pow(2).mean().backward();
  opt.step();
  System.out.printf("fixed   step %d: grad %8.4f  w %.4f%n", step, w.grad().item(), w.item());
}

// Accumulating on purpose: two micro-batches of 2, each loss divided by 2, then one step. The accumulated
// gradient is the full batch's.
w = Tensor.zeros(1).requiresGrad_(true);
w.mul(xs).sub(ys).pow(2).mean().backward();
System.out.println("full batch:      " + w.grad());
w.grad().zero_();
for (Tensor part : xs.chunk(2, 0)) {
  w.mul(part).sub(part.mul(2)).pow(2).mean().div(2).backward();
}
System.out.println("2 micro-batches: " + w.grad());
