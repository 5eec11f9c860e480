package io.castellan.server.http.request;

import java.util.List;
import java.util.Set;

/**
 * An organization to create with Castellan's own API: its {@code name} (default: its id), its first
 * {@code model} ({@code builtin}, the default, or {@code none}), and its first {@code admins}
 * ({@code user:<id>}, each written {@code organization:<org>#admin}).
 */
public record NewOrganizationBody(String name, String model, List<String> admins) {

  public static final Set<String> FIELDS = Set.of("name", "model", "admins");
  public static final int MAX_ADMINS = 100;

  public NewOrganizationBody {
    name = RequestLimits.optional(name);
    if (name != null) {
      RequestLimits.bounded(name, 256, "name");
    }
    if (model != null && !model.equals("builtin") && !model.equals("none")) {
      throw new BadRequest("'model' is builtin (the default) or none");
    }
    admins = admins == null ? List.of() : List.copyOf(admins);
    if (admins.size() > MAX_ADMINS) {
      throw new BadRequest("at most " + MAX_ADMINS + " admins");
    }
  }

  public boolean builtinModel() {
    return !"none".equals(model);
  }
}
