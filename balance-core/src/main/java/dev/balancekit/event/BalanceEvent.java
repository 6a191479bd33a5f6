package dev.balancekit.event;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Severity;
import dev.balancekit.SourceState;
import dev.balancekit.ValidationReport;
import dev.balancekit.spi.BalanceCache;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@code BalanceManager} tells its listeners. A sealed family of immutable records, so
 * a {@code switch} over it is checked for completeness.
 *
 * <p>Listeners run off the ingest thread; events of one account reach one listener in order.
 */
public sealed interface BalanceEvent {

  /** When the event happened, by the manager's clock. */
  Instant at();

  /**
   * New balances were accepted for an account.
   *
   * @param account the account
   * @param update what arrived (may be partial)
   * @param current the account's merged view after the update
   * @param kind what caused it when known ({@code transfer_in}, {@code transfer_out}, {@code fee},
   *     {@code reward}, ...), or {@code null}
   */
  record Updated(
      AccountRef account,
      AccountBalances update,
      AccountBalances current,
      @Nullable String kind,
      Instant at)
      implements BalanceEvent {
    public Updated {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(update, "update");
      Objects.requireNonNull(current, "current");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The total of one asset changed.
   *
   * @param previous the total before, or {@code null} if this is the first value seen
   * @param current the total now
   */
  record Changed(
      AccountRef account,
      Asset asset,
      @Nullable BigDecimal previous,
      BigDecimal current,
      String source,
      Instant at)
      implements BalanceEvent {
    public Changed {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(asset, "asset");
      Objects.requireNonNull(current, "current");
      Objects.requireNonNull(at, "at");
    }

    /** {@code current - previous}, or {@code current} for a first value. */
    public BigDecimal delta() {
      return previous == null ? current : current.subtract(previous);
    }
  }

  /** A fetch through {@code source} answered for {@code account} after {@code took}. */
  record Loaded(AccountRef account, String source, Duration took, Instant at)
      implements BalanceEvent {
    public Loaded {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(took, "took");
      Objects.requireNonNull(at, "at");
    }
  }

  /** The cache dropped {@code account}: too old, over the size bound, or invalidated. */
  record Evicted(AccountRef account, BalanceCache.RemovalCause cause, Instant at)
      implements BalanceEvent {
    public Evicted {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(at, "at");
    }
  }

  /** A source changed state; {@code reason} says why, for a person. */
  record SourceStateChanged(
      String source, SourceState from, SourceState to, String reason, Instant at)
      implements BalanceEvent {
    public SourceStateChanged {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(at, "at");
    }
  }

  /** Validation of an account found errors. */
  record ValidationFailed(AccountRef account, ValidationReport report, Instant at)
      implements BalanceEvent {
    public ValidationFailed {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(report, "report");
      Objects.requireNonNull(at, "at");
    }
  }

  /** A configured alert fired. */
  record AlertRaised(
      AccountRef account, String alert, Severity severity, String message, Instant at)
      implements BalanceEvent {
    public AlertRaised {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(alert, "alert");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(at, "at");
    }
  }
}
