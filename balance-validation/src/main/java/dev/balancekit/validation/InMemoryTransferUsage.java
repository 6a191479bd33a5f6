package dev.balancekit.validation;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.transfer.TransferRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link TransferUsage} kept in memory, with days starting at midnight in a given zone. Record each
 * transfer once it succeeded; days before yesterday are dropped as new days begin.
 *
 * <p>Thread-safe.
 */
public final class InMemoryTransferUsage implements TransferUsage {

  private final ZoneId zone;
  private final Map<DayKey, BigDecimal> sent = new ConcurrentHashMap<>();
  private final Map<DayKey, BigDecimal> received = new ConcurrentHashMap<>();
  private final Map<ActionKey, Instant> lastActions = new ConcurrentHashMap<>();
  private volatile LocalDate newestDay = LocalDate.MIN;

  private InMemoryTransferUsage(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * Usage whose days start at midnight in {@code zone}.
   *
   * @throws IllegalArgumentException if {@code zone} is null
   */
  public static InMemoryTransferUsage create(ZoneId zone) {
    if (zone == null) {
      throw new IllegalArgumentException("zone must not be null");
    }
    return new InMemoryTransferUsage(zone);
  }

  /**
   * Records a transfer that succeeded at {@code at}: the sender sent, the recipient received, and
   * the sender's last {@link #SEND} is {@code at}.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public void recordTransfer(TransferRequest request, Instant at) {
    if (request == null || at == null) {
      throw new IllegalArgumentException(
          "request and at must not be null, but were request=" + request + ", at=" + at);
    }
    LocalDate day = dayOf(at);
    sent.merge(new DayKey(request.from(), request.asset(), day), request.amount(), BigDecimal::add);
    received.merge(
        new DayKey(request.to(), request.asset(), day), request.amount(), BigDecimal::add);
    recordAction(request.from(), SEND, at);
    dropOldDays(day);
  }

  /**
   * Records that {@code account} performed {@code action} at {@code at}; a later record wins.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public void recordAction(AccountRef account, String action, Instant at) {
    if (account == null || action == null || at == null) {
      throw new IllegalArgumentException(
          "account, action and at must not be null, but were account="
              + account
              + ", action="
              + action
              + ", at="
              + at);
    }
    lastActions.merge(
        new ActionKey(account, action), at, (old, next) -> next.isAfter(old) ? next : old);
  }

  @Override
  public BigDecimal sentToday(AccountRef account, Asset asset, Instant now) {
    return sent.getOrDefault(new DayKey(account, asset, dayOf(now)), BigDecimal.ZERO);
  }

  @Override
  public BigDecimal receivedToday(AccountRef account, Asset asset, Instant now) {
    return received.getOrDefault(new DayKey(account, asset, dayOf(now)), BigDecimal.ZERO);
  }

  @Override
  public Optional<Instant> lastAction(AccountRef account, String action) {
    return Optional.ofNullable(lastActions.get(new ActionKey(account, action)));
  }

  private LocalDate dayOf(Instant at) {
    return LocalDate.ofInstant(at, zone);
  }

  private void dropOldDays(LocalDate day) {
    if (day.isAfter(newestDay)) {
      newestDay = day;
      LocalDate yesterday = day.minusDays(1);
      sent.keySet().removeIf(k -> k.day.isBefore(yesterday));
      received.keySet().removeIf(k -> k.day.isBefore(yesterday));
    }
  }

  @Override
  public String toString() {
    return "InMemoryTransferUsage{zone=" + zone + ", days=" + sent.size() + '}';
  }

  private record DayKey(AccountRef account, Asset asset, LocalDate day) {}

  private record ActionKey(AccountRef account, String action) {}
}
