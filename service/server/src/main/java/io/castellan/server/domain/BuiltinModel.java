package io.castellan.server.domain;

import io.castellan.engine.model.CompiledModel;
import io.castellan.engine.model.ModelJson;
import io.castellan.engine.model.ModelLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The model every organization created with Castellan's own API starts with, kept (and documented
 * relation by relation) in {@code builtin-model.fga} beside this class.
 */
public final class BuiltinModel {

  private static final String DSL = load();
  private static final CompiledModel COMPILED = ModelLoader.fromDsl(DSL);
  private static final String JSON = ModelJson.toTree(COMPILED.model()).toString();

  private BuiltinModel() {}

  /** The model in the OpenFGA language, with its comments. */
  public static String dsl() {
    return DSL;
  }

  /** The model in OpenFGA's JSON form, as a model write journals it. */
  public static String json() {
    return JSON;
  }

  public static CompiledModel compiled() {
    return COMPILED;
  }

  private static String load() {
    try (InputStream in = BuiltinModel.class.getResourceAsStream("builtin-model.fga")) {
      if (in == null) {
        throw new IllegalStateException("builtin-model.fga is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
