package dev.netlab.common.services;

/** Told when a service's TCP connection opens and closes: a lab counts them in its own meters. */
public interface ConnectionEvents {
  /** Counts nothing: for a server that counts connections elsewhere in its pipeline. */
  ConnectionEvents NONE =
      new ConnectionEvents() {
        @Override
        public void opened() {}

        @Override
        public void closed() {}
      };

  void opened();

  void closed();
}
