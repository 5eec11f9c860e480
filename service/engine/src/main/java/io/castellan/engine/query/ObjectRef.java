package io.castellan.engine.query;

import io.castellan.engine.EngineException;
import io.castellan.protocol.ErrorCode;

/** An object {@code type:id}. */
public record ObjectRef(String type, String id) {

  public static ObjectRef parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon <= 0
        || colon == text.length() - 1
        || text.indexOf('#') >= 0
        || text.indexOf(' ') >= 0) {
      throw new EngineException(
          ErrorCode.VALIDATION_ERROR, "invalid object '" + text + "': expected type:id");
    }
    return new ObjectRef(text.substring(0, colon), text.substring(colon + 1));
  }

  /**
   * An object or every object of a type, as a read's filter names them: {@code type:id}, or {@code
   * type:} (id null).
   */
  public static ObjectRef parseFilter(String text) {
    if (text != null && text.length() > 1 && text.indexOf(':') == text.length() - 1) {
      String type = text.substring(0, text.length() - 1);
      if (type.indexOf('#') < 0 && type.indexOf(' ') < 0) {
        return new ObjectRef(type, null);
      }
    }
    try {
      return parse(text);
    } catch (EngineException e) {
      throw new EngineException(
          ErrorCode.VALIDATION_ERROR,
          "invalid object filter '" + text + "': expected type: or type:id");
    }
  }

  @Override
  public String toString() {
    return type + ":" + id;
  }
}
