package io.castellan.engine.query;

import io.castellan.engine.EngineException;
import io.castellan.protocol.ErrorCode;

/** An object {@code type:id}. */
public record ObjectRef(String type, String id) {

  public static ObjectRef parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1 || text.indexOf('#') >= 0 || text.indexOf(' ') >= 0) {
      throw new EngineException(ErrorCode.VALIDATION_ERROR, "invalid object '" + text + "': expected type:id");
    }
    return new ObjectRef(text.substring(0, colon), text.substring(colon + 1));
  }

  @Override
  public String toString() {
    return type + ":" + id;
  }
}
