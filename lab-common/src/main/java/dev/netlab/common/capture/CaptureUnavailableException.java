package dev.netlab.common.capture;

/** Kernel capture cannot run here; the message says why and how to allow it. */
public final class CaptureUnavailableException extends Exception {
  public CaptureUnavailableException(String message) {
    super(message);
  }
}
