/** A program using jgrad as a library: it reads only what jgrad's modules export. */
module dev.jgrad.consumer {
  requires dev.jgrad.train;
}
