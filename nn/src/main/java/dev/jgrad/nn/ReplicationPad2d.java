package dev.jgrad.nn;

/**
 * Replication padding of the last two dims (the edge value repeated), PyTorch's {@code nn.ReplicationPad2d(padding)}:
 * one int or {left, right, top, bottom}. Input [N, C, H, W] or [C, H, W].
 */
public class ReplicationPad2d extends Pad2d {
  public ReplicationPad2d(int padding) {
    super("ReplicationPad2d", new int[] {padding}, "replicate", 0);
  }

  public ReplicationPad2d(int left, int right, int top, int bottom) {
    super("ReplicationPad2d", new int[] {left, right, top, bottom}, "replicate", 0);
  }
}
