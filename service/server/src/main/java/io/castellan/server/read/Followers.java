package io.castellan.server.read;

import io.castellan.server.organization.OrganizationEvent;
import io.castellan.server.organization.OrganizationState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Followers: the states of organizations hosted on other nodes, kept on this node for the reads
 * that arrive here, so that those reads are answered from memory here instead of being forwarded.
 *
 * <p>A node follows an organization once it has forwarded {@code afterForwardedReads} of its reads
 * within one {@code verifyEvery}: it loads the organization's newest state from the journal and
 * from then on applies the events its host publishes after each journal write ({@link #journaled}),
 * in revision order; every {@code verifyEvery} its host also publishes the revisions of the
 * organizations it hosts ({@link #revisions}). The feed promises no delivery: a gap in the
 * revisions is filled from the journal at once, and an organization read here that no event or
 * revision confirmed for {@code verifyEvery} is checked against the journal, so a lost message
 * delays a follower by at most about twice that. A follower that has not been confirmed current for
 * three times {@code verifyEvery} (an event applied in order, its host's revision equal to its own,
 * or a journal read with nothing it lacked: none happens while the node reaches neither the host
 * nor Cassandra) answers nothing: a revoked key or a removed grant must not live on in a node cut
 * off. A follower not read for {@code idleTimeout} is dropped; at most {@code max} are kept, and
 * none starts while they hold {@code maxTuples} tuples in all.
 *
 * <p>What a read through this node sees (the consistency a client gets): a follower answers only
 * reads with the default consistency, and only if it has applied every change this node has
 * acknowledged to a client ({@link #acknowledged}: a client reads its own writes through the node
 * it wrote through) and the revision the read asks for; otherwise the read is forwarded to the
 * host. A change made through another node reaches the follower after its host's publication
 * (milliseconds; a client that must see it passes its revision token). Reads asking for full
 * consistency are always forwarded.
 */
public final class Followers {

  private static final Logger LOG = LoggerFactory.getLogger(Followers.class);
  // events held while a follower loads or fills a gap; past this it is dropped and loads again
  // later
  private static final int MAX_HELD_EVENTS = 10_000;
  private static final long TOUCH_EVERY_NANOS = 100_000_000L;
  // verifyEvery periods after which a follower not confirmed current answers nothing: its host's
  // revisions confirm it every period; without them the sweep asks the journal a period later,
  // which leaves a period for a slow journal read
  private static final int UNCONFIRMED_FOR = 3;

  /** How the followers of this node are kept (see the class comment). */
  public record Settings(
      boolean enabled,
      int afterForwardedReads,
      int max,
      long maxTuples,
      Duration idleTimeout,
      Duration verifyEvery) {}

  /** Where followers load states and missed events from: the journal. */
  public interface Journal {

    /** The organization's newest journaled state. */
    CompletionStage<OrganizationState> newest(String organizationId);

    /** The organization's journaled events after {@code revision}, in order. */
    CompletionStage<List<OrganizationEvent>> eventsAfter(String organizationId, long revision);
  }

  private final Settings settings;
  // past this without confirmation a follower answers nothing
  private final long unconfirmedNanos;
  private final Journal journal;
  private final LongSupplier nanoTime;
  private final Consumer<Followers> subscribe;
  private final Map<String, Follower> followers = new ConcurrentHashMap<>();
  // forwarded reads per organization in the current verifyEvery
  private final Map<String, AtomicInteger> forwarded = new ConcurrentHashMap<>();
  private volatile boolean subscribed;

  /**
   * {@code subscribe}: subscribes this node to the feed of published events (called once, before
   * the first follower loads); {@code nanoTime}: the clock of idle times.
   */
  public Followers(
      Settings settings, Journal journal, Consumer<Followers> subscribe, LongSupplier nanoTime) {
    this.settings = settings;
    this.unconfirmedNanos = UNCONFIRMED_FOR * settings.verifyEvery().toNanos();
    this.journal = journal;
    this.subscribe = subscribe;
    this.nanoTime = nanoTime;
  }

  /**
   * How many tuples the followers hold in all (their memory, roughly): no new follower past {@code
   * maxTuples}. Counted when one would start, which is rare.
   */
  long tuplesFollowed() {
    long tuples = 0;
    for (Follower follower : followers.values()) {
      OrganizationState state = follower.state;
      tuples += state == null ? 0 : state.tuples().size();
    }
    return tuples;
  }

  /** How many organizations this node follows now. */
  public int size() {
    return followers.size();
  }

  /**
   * The state to answer a read of the organization here, at least as fresh as {@code minRevision}
   * and as every change this node acknowledged; null when the read must be forwarded.
   */
  public OrganizationState state(String organizationId, long minRevision) {
    Follower follower = followers.get(organizationId);
    if (follower == null) {
      return null;
    }
    long now = nanoTime.getAsLong();
    if (now - follower.read > TOUCH_EVERY_NANOS) { // asked for: kept, and checked by the sweep
      follower.read = now;
    }
    OrganizationState state = follower.state;
    if (state == null
        || now - follower.confirmed > unconfirmedNanos
        || !state.isActive()
        || state.revision() < minRevision
        || state.revision() < follower.acknowledged) {
      return null;
    }
    return state;
  }

  /** A read of the organization was forwarded from this node: enough of them start a follower. */
  public void forwarded(String organizationId) {
    if (!settings.enabled() || followers.containsKey(organizationId)) {
      return;
    }
    int count =
        forwarded.computeIfAbsent(organizationId, id -> new AtomicInteger()).incrementAndGet();
    if (count == settings.afterForwardedReads()
        && followers.size() < settings.max()
        && tuplesFollowed() < settings.maxTuples()) {
      follow(organizationId);
    }
  }

  /**
   * This node acknowledged a change of the organization at {@code revision} to a client: its
   * follower answers no read until it has applied it.
   */
  public void acknowledged(String organizationId, long revision) {
    Follower follower = followers.get(organizationId);
    if (follower != null) {
      synchronized (follower) {
        follower.acknowledged = Math.max(follower.acknowledged, revision);
      }
    }
  }

  /** Events the organization's host journaled (one journal write), from the feed. */
  public void journaled(String organizationId, List<OrganizationEvent> events) {
    Follower follower = followers.get(organizationId);
    if (follower != null) {
      follower.hold(events);
    }
  }

  /**
   * The newest revisions of organizations their host published: a follower at that revision is
   * confirmed current; one behind (a revision may be published before its events) waits for the
   * events or the next sweep.
   */
  public void revisions(Map<String, Long> revisions) {
    long now = nanoTime.getAsLong();
    revisions.forEach(
        (organizationId, revision) -> {
          Follower follower = followers.get(organizationId);
          if (follower != null) {
            OrganizationState state = follower.state;
            if (state != null && state.revision() == revision) {
              follower.confirmed = now;
            }
          }
        });
  }

  /**
   * Drops followers idle for {@code idleTimeout}, and checks against the journal those read since
   * the last sweep that were not confirmed current (no event applied, no revision of their host)
   * for {@code verifyEvery}. Called every {@code verifyEvery}.
   */
  public void sweep() {
    long now = nanoTime.getAsLong();
    long idle = settings.idleTimeout().toNanos();
    long verify = settings.verifyEvery().toNanos();
    forwarded.clear();
    followers
        .values()
        .removeIf(
            follower -> {
              if (now - follower.read > idle) {
                LOG.debug("no longer following {}: not read here", follower.organizationId);
                return true;
              }
              // a follower read here that neither events nor its host's revisions confirmed for a
              // period (the host gone, or the feed lost) asks the journal, at every sweep
              if (now - follower.read < verify && now - follower.confirmed >= verify) {
                follower.fillFromJournal();
              }
              return false;
            });
  }

  private void follow(String organizationId) {
    if (!subscribed) {
      synchronized (this) {
        if (!subscribed) {
          subscribe.accept(this);
          subscribed = true;
        }
      }
    }
    Follower follower = new Follower(organizationId, nanoTime.getAsLong());
    if (followers.putIfAbsent(organizationId, follower) == null) {
      follower.load();
    }
  }

  /** One organization followed: its state, and the events that came before they could apply. */
  private final class Follower {
    final String organizationId;
    // null while loading
    volatile OrganizationState state;
    volatile long acknowledged;
    volatile long read;
    // when the state was last known current: an event applied in order, or the journal read
    volatile long confirmed;
    // under this follower's lock: events past the state's revision, and whether the journal is
    // being read to fill what is missing (from the start: the load)
    private final NavigableMap<Long, OrganizationEvent> held = new TreeMap<>();
    private boolean filling = true;

    Follower(String organizationId, long now) {
      this.organizationId = organizationId;
      this.read = now;
      this.confirmed = now;
    }

    void load() {
      journal
          .newest(organizationId)
          .whenComplete(
              (loaded, failure) -> {
                if (failure != null) {
                  LOG.warn("cannot follow {}: {}", organizationId, failure.toString());
                  followers.remove(organizationId, this);
                  return;
                }
                synchronized (this) {
                  state = loaded;
                  confirmed = nanoTime.getAsLong();
                  filling = false;
                  applyHeld();
                }
              });
    }

    void hold(List<OrganizationEvent> events) {
      synchronized (this) {
        for (OrganizationEvent event : events) {
          long revision = event.metadata().revision();
          if (state == null || revision > state.revision()) {
            held.put(revision, event);
          }
        }
        if (held.size() > MAX_HELD_EVENTS) {
          LOG.warn("no longer following {}: too far behind", organizationId);
          followers.remove(organizationId, this);
          return;
        }
        if (!filling) {
          applyHeld();
        }
      }
    }

    /** Applies the held events that follow the state; reads the journal if one is missing. */
    private void applyHeld() {
      OrganizationState next = state;
      boolean applied = false;
      while (!held.isEmpty() && held.firstKey() <= next.revision() + 1) {
        OrganizationEvent event = held.pollFirstEntry().getValue();
        if (event.metadata().revision() == next.revision() + 1) {
          next = next.apply(event);
          applied = true;
        }
      }
      state = next;
      if (!held.isEmpty()) {
        fillFromJournal();
      } else if (applied) {
        confirmed = nanoTime.getAsLong();
      }
    }

    void fillFromJournal() {
      OrganizationState from;
      synchronized (this) {
        if (filling || state == null) {
          return;
        }
        filling = true;
        from = state;
      }
      journal
          .eventsAfter(organizationId, from.revision())
          .whenComplete(
              (events, failure) -> {
                synchronized (this) {
                  filling = false;
                  if (failure != null) {
                    LOG.debug(
                        "cannot read {}'s journal now: {}", organizationId, failure.toString());
                    return;
                  }
                  for (OrganizationEvent event : events) {
                    if (event.metadata().revision() > state.revision()) {
                      held.put(event.metadata().revision(), event);
                    }
                  }
                  if (!held.isEmpty() && held.firstKey() > state.revision() + 1) {
                    return; // still missing: the next event or sweep tries again
                  }
                  applyHeld();
                  if (held.isEmpty()) { // the journal had nothing more
                    confirmed = nanoTime.getAsLong();
                  }
                }
              });
    }
  }
}
