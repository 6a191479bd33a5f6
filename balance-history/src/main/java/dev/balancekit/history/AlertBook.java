package dev.balancekit.history;

import dev.balancekit.AccountRef;
import dev.balancekit.BalanceKitException;
import dev.balancekit.Subscription;
import dev.balancekit.event.BalanceEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rules, raised alerts and alert subscribers. One alert per rule, account and asset may be active:
 * a condition that still holds raises nothing new; when it clears the alert is resolved, and the
 * next time it holds a new alert is raised. Thread-safe; alert state changes under this object's
 * monitor (and are persisted there, so the stored order matches), listeners run outside it.
 */
final class AlertBook {
  private static final Logger log = LoggerFactory.getLogger(AlertBook.class);

  /** The outcome of one rule for one new entry. */
  record Check(
      AlertRule rule, boolean holds, BigDecimal value, BigDecimal threshold, String message) {}

  private final CopyOnWriteArrayList<AlertRule> rules = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Consumer<? super BalanceEvent.AlertRaised>> listeners =
      new CopyOnWriteArrayList<>();
  private final Map<Long, Alert> byId = new TreeMap<>();
  private final Map<String, Long> activeByKey = new HashMap<>();
  private final @Nullable JdbcStore store;
  private long lastId;

  /** Alerts kept in {@code store}, or only in memory if it is null. */
  AlertBook(@Nullable JdbcStore store) {
    this.store = store;
  }

  synchronized void load(List<Alert> stored, long maxId) {
    for (Alert a : stored) {
      byId.put(a.id(), a);
      if (a.isActive()) {
        activeByKey.put(key(a.rule(), a.account(), a.assetCode()), a.id());
      }
    }
    lastId = Math.max(lastId, maxId);
  }

  boolean hasRules() {
    return !rules.isEmpty();
  }

  List<AlertRule> rulesFor(AccountRef account, String code) {
    List<AlertRule> matching = new ArrayList<>(2);
    for (AlertRule r : rules) {
      if (r.covers(account, code)) {
        matching.add(r);
      }
    }
    return matching;
  }

  void addRule(AlertRule rule) {
    synchronized (rules) {
      rules.removeIf(r -> r.name().equals(rule.name()));
      rules.add(rule);
    }
  }

  boolean removeRule(String name) {
    return rules.removeIf(r -> r.name().equals(name));
  }

  List<AlertRule> rules() {
    return List.copyOf(rules);
  }

  Subscription subscribe(Consumer<? super BalanceEvent.AlertRaised> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Raises or resolves alerts of {@code account}'s {@code code} at {@code at}, then tells
   * subscribers.
   */
  void apply(AccountRef account, String code, Instant at, List<Check> checks) {
    List<Alert> raised = new ArrayList<>(1);
    synchronized (this) {
      for (Check c : checks) {
        String key = key(c.rule().name(), account, code);
        Long activeId = activeByKey.get(key);
        if (c.holds() && activeId == null) {
          AlertType type = c.rule().type();
          Alert a =
              new Alert(
                  ++lastId,
                  c.rule().name(),
                  type,
                  account,
                  code,
                  type.severity(),
                  c.message(),
                  c.value(),
                  c.threshold(),
                  at,
                  null,
                  null,
                  null);
          save(a);
          activeByKey.put(key, a.id());
          raised.add(a);
        } else if (!c.holds() && activeId != null) {
          Alert active =
              Objects.requireNonNull(byId.get(activeId), "expire() never drops an active alert");
          save(active.resolved(at));
          activeByKey.remove(key);
        }
      }
    }
    for (Alert a : raised) {
      BalanceEvent.AlertRaised event =
          new BalanceEvent.AlertRaised(
              a.account(), a.rule(), a.severity(), a.message(), a.raisedAt());
      for (Consumer<? super BalanceEvent.AlertRaised> l : listeners) {
        try {
          l.accept(event);
        } catch (RuntimeException e) {
          log.warn("alert listener failed for {}: {}", a.rule(), BalanceKitException.describe(e));
        }
      }
    }
  }

  synchronized Alert acknowledge(long id, String by, Instant at) {
    Alert a = byId.get(id);
    if (a == null) {
      throw new IllegalArgumentException("no alert with id " + id);
    }
    if (a.isAcknowledged()) {
      return a;
    }
    Alert acked = a.acknowledged(by, at);
    save(acked);
    return acked;
  }

  synchronized List<Alert> list(AlertFilter filter) {
    List<Alert> found = new ArrayList<>();
    for (Alert a : byId.values()) {
      if (filter.matches(a)) {
        found.add(a);
      }
    }
    return found;
  }

  /**
   * Forgets resolved alerts raised before {@code cutoff} (the database keeps its own copy until
   * retention).
   */
  synchronized void expire(Instant cutoff) {
    byId.values().removeIf(a -> !a.isActive() && a.raisedAt().isBefore(cutoff));
  }

  private void save(Alert a) {
    if (store != null) {
      store.saveAlert(a);
    }
    byId.put(a.id(), a);
  }

  private static String key(String rule, AccountRef account, String code) {
    return rule + '\u0000' + account + '\u0000' + code;
  }
}
