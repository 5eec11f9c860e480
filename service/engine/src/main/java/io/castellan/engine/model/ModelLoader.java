package io.castellan.engine.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.openfga.language.DslToJsonTransformer;
import dev.openfga.language.JsonToDslTransformer;
import dev.openfga.language.errors.DslErrorsException;
import dev.openfga.language.errors.ModelValidationSingleError;
import dev.openfga.language.errors.ParsingError;
import dev.openfga.language.errors.ValidationError;
import dev.openfga.language.validation.ModelValidator;
import io.castellan.engine.EngineException;
import io.castellan.protocol.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns model text (OpenFGA DSL or JSON) into a validated, compiled model. Syntax and semantic
 * checks come from {@code dev.openfga:openfga-language}; conditions are compiled here, because the
 * library does not type-check CEL.
 */
public final class ModelLoader {

  private ModelLoader() {}

  /** Parses and validates a model written in the OpenFGA DSL; errors name the line. */
  public static CompiledModel fromDsl(String dsl) {
    validateDsl(dsl, "");
    String json;
    try {
      json = new DslToJsonTransformer().transform(dsl);
    } catch (DslErrorsException e) {
      throw invalid(describe(e.getErrors(), dsl, ""));
    } catch (IOException | RuntimeException e) {
      throw invalid("model could not be parsed: " + e.getMessage());
    }
    return CompiledModel.compile(ModelJson.parse(json));
  }

  /** Parses and validates a model in OpenFGA's JSON form. */
  public static CompiledModel fromJson(String json) {
    AuthorizationModel model = ModelJson.parse(json);
    return fromModel(model);
  }

  /**
   * A model that was validated before it was stored (the journal, a snapshot): parsed and compiled
   * without running the language validator again, which would only repeat the same verdict.
   */
  public static CompiledModel fromStoredJson(String json) {
    return CompiledModel.compile(ModelJson.parse(json));
  }

  /** Validates a model built elsewhere (e.g. from a request body) by the same rules as the DSL. */
  public static CompiledModel fromModel(AuthorizationModel model) {
    if (!"1.1".equals(model.schemaVersion())) {
      throw invalid("schema version '" + model.schemaVersion() + "' is not supported; use 1.1");
    }
    String dsl;
    try {
      dsl = new JsonToDslTransformer().transform(ModelJson.toTree(model).toString());
    } catch (JsonProcessingException | RuntimeException e) {
      throw invalid("model could not be read: " + e.getMessage());
    }
    validateDsl(dsl, " (in the model's DSL form)");
    return CompiledModel.compile(model);
  }

  private static void validateDsl(String dsl, String lineNote) {
    try {
      ModelValidator.validateDsl(dsl);
    } catch (DslErrorsException e) {
      throw invalid(describe(e.getErrors(), dsl, lineNote));
    } catch (IOException e) {
      throw invalid("model could not be parsed: " + e.getMessage());
    } catch (RuntimeException e) {
      validateWithoutConditionRestrictions(dsl, lineNote);
    }
  }

  /**
   * openfga-language 0.2.1 fails with a NullPointerException on a conditional type restriction of a
   * tupleset relation ({@code define parent: [folder with cond]}), which OpenFGA accepts. We
   * validate such a model again with the {@code with cond} parts removed (so every structural rule
   * still applies) and check the conditions ourselves in {@link CompiledModel}.
   */
  private static void validateWithoutConditionRestrictions(String dsl, String lineNote) {
    String stripped = CONDITION_RESTRICTION.matcher(dsl).replaceAll("");
    try {
      ModelValidator.validateDsl(stripped);
    } catch (DslErrorsException e) {
      List<ParsingError> errors = new ArrayList<>();
      for (ParsingError error : e.getErrors()) {
        if (!(error instanceof ModelValidationSingleError single
            && single.getMetadata() != null
            && single.getMetadata().getErrorType() == ValidationError.ConditionNotUsed)) {
          errors.add(error);
        }
      }
      if (!errors.isEmpty()) {
        throw invalid(describe(errors, dsl, lineNote));
      }
    } catch (IOException | RuntimeException e) {
      throw invalid("model could not be parsed: " + e.getMessage());
    }
  }

  private static final Pattern CONDITION_RESTRICTION =
      Pattern.compile("[ \\t]+with[ \\t]+[A-Za-z_][A-Za-z0-9_-]*(?=[ \\t]*[,\\]])");

  /**
   * One message per error, each naming where it is: the type and relation being defined at the
   * error's line (found in the DSL text, since the library's metadata describes the symbol in
   * error, not its place) and the line and column.
   */
  private static String describe(List<? extends ParsingError> errors, String dsl, String lineNote) {
    String[] lines = dsl.split("\n", -1);
    List<String> messages = new ArrayList<>();
    for (ParsingError error : errors) {
      StringBuilder message = new StringBuilder();
      String type = null;
      String relation = null;
      if (error.getLine() != null) {
        String[] place = enclosingDefinition(lines, error.getLine().getStart());
        type = place[0];
        relation = place[1];
      }
      if (type == null
          && error instanceof ModelValidationSingleError single
          && single.getMetadata() != null) {
        type = single.getMetadata().getTypeName();
        relation = single.getMetadata().getRelation();
      }
      if (type != null) {
        message.append("type '").append(type).append("'");
        if (relation != null) {
          message.append(" relation '").append(relation).append("'");
        }
        message.append(", ");
      }
      if (error.getLine() != null) {
        message.append("line ").append(error.getLine().getStart() + 1);
        if (error.getColumn() != null) {
          message.append(", column ").append(error.getColumn().getStart());
        }
        message.append(lineNote);
      }
      if (message.length() > 0) {
        message.append(": ");
      }
      message.append(error.getMessage());
      messages.add(message.toString());
    }
    return messages.isEmpty() ? "invalid model" : String.join("; ", messages);
  }

  private static final Pattern TYPE_LINE = Pattern.compile("^\\s*type\\s+([^\\s]+)");
  private static final Pattern DEFINE_LINE = Pattern.compile("^\\s*define\\s+([^\\s:]+)");
  private static final Pattern CONDITION_LINE = Pattern.compile("^\\s*condition\\s+([^\\s(]+)");

  /**
   * {type, relation} being defined at a 0-based line of the DSL (relation null outside a define).
   */
  private static String[] enclosingDefinition(String[] lines, int line) {
    String relation = null;
    for (int i = Math.min(line, lines.length - 1); i >= 0; i--) {
      Matcher define = DEFINE_LINE.matcher(lines[i]);
      if (relation == null && define.find()) {
        relation = define.group(1);
        continue;
      }
      Matcher type = TYPE_LINE.matcher(lines[i]);
      if (type.find()) {
        return new String[] {type.group(1), relation};
      }
      if (CONDITION_LINE.matcher(lines[i]).find()) {
        return new String[] {null, null};
      }
    }
    return new String[] {null, null};
  }

  private static EngineException invalid(String message) {
    return new EngineException(ErrorCode.INVALID_AUTHORIZATION_MODEL, message);
  }
}
