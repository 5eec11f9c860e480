package io.castellan.engine;

import io.castellan.protocol.ErrorCode;

/** A request the engine refuses or cannot answer; always a client-visible, coded error. */
public final class EngineException extends RuntimeException {

  private final ErrorCode code;

  public EngineException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
