package io.castellan.engine.model;

import java.util.List;

/** A condition parameter's type, e.g. {@code int} or {@code list<string>}. */
public record ParameterType(TypeName name, List<ParameterType> genericTypes) {

  public ParameterType {
    genericTypes = List.copyOf(genericTypes);
  }

  public static ParameterType of(TypeName name) {
    return new ParameterType(name, List.of());
  }

  /** The types OpenFGA allows for condition parameters, with their JSON model names. */
  public enum TypeName {
    ANY("TYPE_NAME_ANY", "any"),
    BOOL("TYPE_NAME_BOOL", "bool"),
    STRING("TYPE_NAME_STRING", "string"),
    INT("TYPE_NAME_INT", "int"),
    UINT("TYPE_NAME_UINT", "uint"),
    DOUBLE("TYPE_NAME_DOUBLE", "double"),
    DURATION("TYPE_NAME_DURATION", "duration"),
    TIMESTAMP("TYPE_NAME_TIMESTAMP", "timestamp"),
    MAP("TYPE_NAME_MAP", "map"),
    LIST("TYPE_NAME_LIST", "list"),
    IPADDRESS("TYPE_NAME_IPADDRESS", "ipaddress");

    public final String jsonName;
    public final String dslName;

    TypeName(String jsonName, String dslName) {
      this.jsonName = jsonName;
      this.dslName = dslName;
    }

    public static TypeName fromJson(String jsonName) {
      for (TypeName value : values()) {
        if (value.jsonName.equals(jsonName)) {
          return value;
        }
      }
      throw new IllegalArgumentException("unknown condition parameter type " + jsonName);
    }
  }

  @Override
  public String toString() {
    return genericTypes.isEmpty() ? name.dslName : name.dslName + "<" + genericTypes.get(0) + ">";
  }
}
