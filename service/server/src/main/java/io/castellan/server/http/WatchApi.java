package io.castellan.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.castellan.protocol.ErrorCode;
import io.castellan.protocol.RevisionToken;
import io.castellan.protocol.Scope;
import io.castellan.server.history.AuditEntry;
import io.castellan.server.http.request.AuditParameters;
import io.castellan.server.http.request.BadRequest;
import io.castellan.server.organization.Caller;
import io.castellan.server.service.OrganizationService;
import io.castellan.server.watch.WatchMessage;
import io.castellan.server.watch.WatchSettings;
import io.castellan.server.watch.WatchStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Watch streams over HTTP, for callers with the {@code watch} scope: the caller is authorized and
 * the organization found before anything streams (a refusal is an HTTP error); a bad subscription
 * ({@code since} malformed or in the future, an unknown filter value, the subscriber limit) is a
 * stream of one {@code error} message, so that a WebSocket client reads why its stream closed.
 *
 * <p>Query parameters: {@code since} (a revision token: the changes after it; without it, from
 * now), {@code heartbeat} (seconds), and the audit trail's filters {@code type}, {@code object},
 * {@code relation}, {@code user}, {@code actor}, {@code kind}.
 */
final class WatchApi {

  private final OrganizationService organizations;
  private final WatchStream watch;
  private final ObjectMapper mapper;
  private final AnswerJson answers;
  private final Cache<AuditEntry, String> rendered =
      Caffeine.newBuilder().weakKeys().maximumSize(4096).build();

  WatchApi(OrganizationService organizations, WatchStream watch, ObjectMapper mapper) {
    this.organizations = organizations;
    this.watch = watch;
    this.mapper = mapper;
    this.answers = new AnswerJson(mapper);
  }

  /**
   * The caller's stream, in batches ({@link WatchStream#open}); {@code since} defaults to {@code
   * lastEventId} (an SSE client's resume point), {@code stop} ends it with its reason.
   */
  CompletionStage<Source<List<WatchMessage>, NotUsed>> open(
      String org,
      Caller caller,
      Map<String, String> parameters,
      String lastEventId,
      CompletionStage<String> stop) {
    return organizations
        .summary(org, caller, Scope.WATCH)
        .thenApply(
            summary -> {
              try {
                // an SSE client reconnects to the same URL: where it got to wins over 'since'
                String sinceToken = lastEventId != null ? lastEventId : parameters.get("since");
                Long since =
                    sinceToken == null || sinceToken.isEmpty()
                        ? null
                        : AuditParameters.revision(sinceToken, "since");
                var filter =
                    new AuditParameters(parameters)
                        .liveFilter(since == null ? summary.revision() : since);
                return watch.open(
                    org,
                    caller,
                    summary.revision(),
                    since,
                    filter,
                    heartbeat(parameters.get("heartbeat")),
                    stop);
              } catch (BadRequest bad) {
                return Source.single(
                    List.<WatchMessage>of(
                        new WatchMessage.Failure(
                            ErrorCode.VALIDATION_ERROR, bad.getMessage(), summary.revision())));
              }
            });
  }

  private Duration heartbeat(String seconds) {
    if (seconds == null) {
      return watch.settings().heartbeatInterval();
    }
    Duration interval;
    try {
      interval = Duration.ofSeconds(Long.parseLong(seconds));
    } catch (NumberFormatException e) {
      throw new BadRequest("'heartbeat' must be a whole number of seconds");
    }
    if (interval.compareTo(WatchSettings.MIN_HEARTBEAT) < 0
        || interval.compareTo(WatchSettings.MAX_HEARTBEAT) > 0) {
      throw new BadRequest("'heartbeat' must be between 1 and 300 seconds");
    }
    return interval;
  }

  /** The message's type: {@code subscribed}, {@code change}, {@code heartbeat}, ... */
  static String type(WatchMessage message) {
    if (message instanceof WatchMessage.Change) {
      return "change";
    } else if (message instanceof WatchMessage.Heartbeat) {
      return "heartbeat";
    } else if (message instanceof WatchMessage.Subscribed) {
      return "subscribed";
    } else if (message instanceof WatchMessage.Closed) {
      return "closed";
    }
    return "error";
  }

  /**
   * One message as JSON: {@code type}, {@code revision}, and what the type carries. A live change
   * reaches every subscriber of its organization on this node as the same entry, so its JSON is
   * rendered once for all of them (the cache compares entries by identity).
   */
  String json(WatchMessage message) {
    if (message instanceof WatchMessage.Change change) {
      return rendered.get(change.entry(), entry -> render(message));
    }
    return render(message);
  }

  private String render(WatchMessage message) {
    ObjectNode out =
        message instanceof WatchMessage.Change change
            ? answers.auditEntry(change.entry())
            : mapper.createObjectNode();
    ObjectNode json = mapper.createObjectNode().put("type", type(message));
    json.put("revision", RevisionToken.of(message.revision()));
    json.setAll(out);
    if (message instanceof WatchMessage.Closed closed) {
      json.put("reason", closed.reason());
    } else if (message instanceof WatchMessage.Failure failure) {
      json.put("code", failure.code().label).put("message", failure.message());
    }
    return json.toString();
  }
}
