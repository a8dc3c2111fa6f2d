package dev.jgrad.nn;

import com.google.common.base.Preconditions;
import dev.jgrad.autograd.Tensor;

/** The inverse of {@link PixelShuffle}: [*, C, H·r, W·r] to [*, C·r², H, W], PyTorch's {@code nn.PixelUnshuffle}. */
public class PixelUnshuffle extends Module {
  private final int downscaleFactor;

  public PixelUnshuffle(int downscaleFactor) {
    Preconditions.checkArgument(downscaleFactor > 0,
        "PixelUnshuffle: pixel_unshuffle expects a positive downscale_factor, but got %s", downscaleFactor);
    this.downscaleFactor = downscaleFactor;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.pixelUnshuffle(input, downscaleFactor);
  }

  @Override
  protected String extraRepr() {
    return "downscale_factor=" + downscaleFactor;
  }
}
