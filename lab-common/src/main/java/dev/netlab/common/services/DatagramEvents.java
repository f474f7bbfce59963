package dev.netlab.common.services;

/** Told of each datagram a UDP service receives and sends: a lab counts them in its own meters. */
public interface DatagramEvents {
  /** Counts nothing: for a server that counts datagrams elsewhere in its pipeline. */
  DatagramEvents NONE =
      new DatagramEvents() {
        @Override
        public void received(int bytes) {}

        @Override
        public void sent(int bytes) {}
      };

  void received(int bytes);

  void sent(int bytes);
}
