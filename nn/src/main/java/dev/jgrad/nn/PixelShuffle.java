package dev.jgrad.nn;

import com.google.common.base.Preconditions;
import dev.jgrad.autograd.Tensor;

/**
 * Rearranges [*, C·r², H, W] into [*, C, H·r, W·r] (sub-pixel convolution's upsampling), PyTorch's
 * {@code nn.PixelShuffle(upscale_factor)}.
 */
public class PixelShuffle extends Module {
  private final int upscaleFactor;

  public PixelShuffle(int upscaleFactor) {
    Preconditions.checkArgument(upscaleFactor > 0,
        "PixelShuffle: pixel_shuffle expects a positive upscale_factor, but got %s", upscaleFactor);
    this.upscaleFactor = upscaleFactor;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.pixelShuffle(input, upscaleFactor);
  }

  @Override
  protected String extraRepr() {
    return "upscale_factor=" + upscaleFactor;
  }
}
