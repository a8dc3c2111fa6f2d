// PyTorch's tutorial "Gradient Calculation With Autograd", line by line in JShell (the same program as
// examples/src/main/java/dev/jgrad/examples/SeedTutorial.java; it prints what PyTorch prints).
// Run it with:  ./jgrad shell examples/jshell/seed-tutorial.jsh   (or /open it inside ./jgrad shell)

Tensor.manualSeed(0);
Tensor x = Tensor.randn(3);
System.out.println(x);

// To compute gradients of a function with respect to x, ask autograd to track it.
x = Tensor.randn(3).requiresGrad_(true);
System.out.println(x);

// Every op on x records a node of the computational graph: y's grad_fn is AddBackward0.
Tensor y = x.add(2);
System.out.println(y);
Tensor z = y.mul(y).mul(2);
System.out.println(z);
z = z.mean();
System.out.println(z);

z.backward();                 // dz/dx, a vector-Jacobian product with v = 1 for the scalar z
System.out.println(x.grad());

// For a non-scalar output, backward needs the vector v of the vector-Jacobian product.
z = y.mul(y).mul(2);
try {
  z.backward();
} catch (IllegalStateException e) {
  System.out.println("error: " + e.getMessage());
}
Tensor v = Tensor.of(0.1f, 1.0f, 0.001f);
z.backward(v);                // gradients accumulate into x.grad()
System.out.println(x.grad());

// Three ways to stop tracking history: requiresGrad_(false), detach(), and a no-grad scope.
x = Tensor.randn(3).requiresGrad_(true);
System.out.println(x);
x.requiresGrad_(false);       // a trailing underscore means "modifies the tensor in place"
System.out.println(x);
y = x.detach();
System.out.println(y);
try (var noGrad = Autograd.noGrad()) {
  y = x.add(2);
  System.out.println(y);
}

// Gradients accumulate in .grad across backward calls...
Tensor weights = Tensor.ones(4).requiresGrad_(true);
for (int epoch = 0; epoch < 1; epoch++) {
  Tensor modelOutput = weights.mul(3).sum();
  modelOutput.backward();
  System.out.println(weights.grad());
}
for (int epoch = 0; epoch < 2; epoch++) {
  Tensor modelOutput = weights.mul(3).sum();
  modelOutput.backward();
  System.out.println(weights.grad());
}
// ...so they must be emptied before the next optimization step.
for (int epoch = 0; epoch < 2; epoch++) {
  Tensor modelOutput = weights.mul(3).sum();
  modelOutput.backward();
  System.out.println(weights.grad());
  weights.grad().zero_();
  System.out.println(weights.grad());
}

// The built-in optimizer does the same: step() updates under no-grad, zeroGrad() clears the gradients.
weights = Tensor.ones(4).requiresGrad_(true);
Optimizer optimizer = new SGD(List.of(weights), 0.01);
weights.mul(3).sum().backward();
optimizer.step();
System.out.println(weights);
optimizer.zeroGrad();
System.out.println(weights.grad() == null ? "None" : weights.grad());
